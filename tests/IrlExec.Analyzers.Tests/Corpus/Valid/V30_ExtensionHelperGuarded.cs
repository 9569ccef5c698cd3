namespace Corpus.Valid;

public static class ExecutionExtensions2
{
    public static void CompleteIfRunning(this WorkflowExecution execution)
    {
        if (execution.Status is ExecutionStatus.InProgress or ExecutionStatus.Resumed) execution.Complete();
    }
}

public static class Uses
{
    public static void Run()
    {
        var execution = WorkflowExecution.Start("extensions", ExecutionMode.Execution);
        execution.CompleteIfRunning();
        execution.CompleteIfRunning();
    }
}

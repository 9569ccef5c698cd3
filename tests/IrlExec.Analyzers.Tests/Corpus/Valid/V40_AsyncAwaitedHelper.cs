namespace Corpus.Valid;

public static class AsyncFlow
{
    public static async Task RunAsync()
    {
        var execution = WorkflowExecution.Start("async-flow", ExecutionMode.Execution);
        await HoldAsync(execution);
        execution.Resume();
        execution.Complete();
    }

    private static async Task HoldAsync(WorkflowExecution execution)
    {
        await Task.Yield();
        execution.Pause("waiting");
    }
}

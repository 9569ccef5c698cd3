namespace Corpus.Valid;

// The helper checks the status itself, so it is right from any status.
public static class Closing
{
    public static void Run(bool pauseFirst)
    {
        var execution = WorkflowExecution.Start("closing", ExecutionMode.Execution);
        CloseIfRunning(execution);
        var other = WorkflowExecution.Start("other", ExecutionMode.Execution);
        if (pauseFirst) other.Pause("hold");
        CloseIfRunning(other);
        if (other.Status == ExecutionStatus.Paused) other.Fail("closed while paused");
    }

    private static void CloseIfRunning(WorkflowExecution execution)
    {
        if (execution.Status == ExecutionStatus.InProgress || execution.Status == ExecutionStatus.Resumed)
        {
            execution.Complete();
        }
    }
}

namespace Corpus.Valid;

// The local holds the status before the pause: the switch on it does not describe the execution any more.
public static class Stale
{
    public static void Run()
    {
        var execution = WorkflowExecution.Start("stale", ExecutionMode.Execution);
        var before = execution.Status;
        execution.Pause("hold");
        switch (before)
        {
            case ExecutionStatus.InProgress:
                execution.Resume();
                break;
        }
        execution.Complete();
    }
}

namespace Corpus.Valid;

// A helper that looks at the status itself is valid from any status it is called in.
public static class Continue
{
    public static void Run()
    {
        var execution = WorkflowExecution.Start("continue", ExecutionMode.Execution);
        MoveOn(execution);
        execution.Pause("waiting");
        MoveOn(execution);
        execution.Complete();
    }

    private static void MoveOn(WorkflowExecution execution)
    {
        if (execution.Status == ExecutionStatus.Paused) execution.Resume();
    }
}

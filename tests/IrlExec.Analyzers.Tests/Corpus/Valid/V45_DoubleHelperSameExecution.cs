namespace Corpus.Valid;

public static class Toggle
{
    public static void Run(int times)
    {
        var execution = WorkflowExecution.Start("toggle", ExecutionMode.Execution);
        for (var i = 0; i < times; i++)
        {
            Flip(execution);
        }
        if (execution.Status == ExecutionStatus.Paused) execution.Resume();
        execution.Complete();
    }

    private static void Flip(WorkflowExecution execution)
    {
        if (execution.Status == ExecutionStatus.Paused) execution.Resume();
        else execution.Pause("flip");
    }
}

namespace Corpus.Valid;

public static class Sweeper
{
    public static void Sweep(IReadOnlyList<WorkflowExecution> executions)
    {
        foreach (var execution in executions)
        {
            if (execution.IsFinished) continue;
            if (execution.Status == ExecutionStatus.Paused) execution.Resume();
            execution.Complete();
        }
    }
}

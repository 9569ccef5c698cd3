namespace Corpus.Valid;

public static class Failover
{
    public static void Run(bool urgent)
    {
        var primary = WorkflowExecution.Start("primary", ExecutionMode.Execution);
        var secondary = WorkflowExecution.Start("secondary", ExecutionMode.Execution);
        var target = urgent ? primary : secondary;
        target.Pause("failing over");
        if (primary.Status == ExecutionStatus.Paused) primary.Resume();
        primary.Complete();
        if (secondary.Status == ExecutionStatus.Paused) secondary.Fail("abandoned");
        else secondary.Complete();
    }
}

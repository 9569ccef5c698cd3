namespace Corpus.Hosting;

public static class Rotation
{
    public static void Rotate()
    {
        var primary = WorkflowExecution.Start("primary", ExecutionMode.Execution);
        var standby = WorkflowExecution.Start("standby", ExecutionMode.Execution);
        WorkflowExecution active;
        active = standby;
        active.Pause("switch over");
        {|IRL0001:standby.Complete()|};
        primary.Complete();
    }
}

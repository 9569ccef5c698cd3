namespace Corpus.Valid;

public class Policy
{
    public virtual void Apply(WorkflowExecution execution) => execution.Pause("default policy");
}

public sealed class NoPausePolicy : Policy
{
    public override void Apply(WorkflowExecution execution) { }
}

public static class Policies
{
    public static void Run(Policy policy)
    {
        var execution = WorkflowExecution.Start("policies", ExecutionMode.Execution);
        policy.Apply(execution);
        if (execution.Status == ExecutionStatus.Paused) execution.Resume();
        execution.Complete();
    }
}

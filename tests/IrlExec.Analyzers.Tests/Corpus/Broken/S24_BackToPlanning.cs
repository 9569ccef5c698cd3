namespace Corpus.Hosting;

public static class Replanner
{
    public static void Replan()
    {
        var execution = WorkflowExecution.Start("replan", ExecutionMode.Execution);
        {|IRL0001:execution.TransitionTo(ExecutionStatus.Planning)|};
    }
}

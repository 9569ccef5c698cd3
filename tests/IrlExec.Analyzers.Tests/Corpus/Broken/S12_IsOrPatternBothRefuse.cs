namespace Corpus.Hosting;

// Neither PAUSED nor PLANNING can move to COMPLETED_SUCCESS.
public static class Finisher
{
    public static void Finish(WorkflowExecution execution)
    {
        if (execution.Status is ExecutionStatus.Paused or ExecutionStatus.Planning)
        {
            {|IRL0001:execution.Complete()|};
        }
    }
}

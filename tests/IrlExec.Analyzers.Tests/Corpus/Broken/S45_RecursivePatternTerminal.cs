namespace Corpus.Hosting;

public static class Finalizer
{
    public static void Finalize(WorkflowExecution execution)
    {
        if (execution is { Status: ExecutionStatus.CompletedSuccess })
        {
            {|IRL0002:execution.Fail("post-check failed")|};
        }
    }
}

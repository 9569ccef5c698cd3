namespace Corpus.Hosting;

public static class Resumer
{
    public static void Resume(WorkflowExecution execution)
    {
        if (execution.Status != ExecutionStatus.InProgress) return;
        {|IRL0001:execution.Resume()|};
    }
}

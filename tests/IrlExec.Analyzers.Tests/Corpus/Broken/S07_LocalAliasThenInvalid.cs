namespace Corpus.Hosting;

// A copy of the local still refers to the same execution.
public static class Batches
{
    public static void Process()
    {
        var execution = WorkflowExecution.Start("batch", ExecutionMode.Execution);
        var current = execution;
        current.Complete();
        {|IRL0002:execution.Pause("next batch")|};
    }
}

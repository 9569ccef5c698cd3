namespace Corpus.Hosting;

// 'current' is the same execution: completing it twice is invalid.
public static class Nightly
{
    public static void Run()
    {
        var execution = WorkflowExecution.Start("nightly", ExecutionMode.Execution);
        var current = execution;
        current.Complete();
        {|IRL0002:execution.Complete()|};
    }
}

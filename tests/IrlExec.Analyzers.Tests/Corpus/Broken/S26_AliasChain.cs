namespace Corpus.Hosting;

public static class Chain
{
    public static void Run()
    {
        var first = WorkflowExecution.Start("chain", ExecutionMode.Execution);
        var second = first;
        var third = second;
        third.Complete();
        {|IRL0002:first.Resume()|};
    }
}

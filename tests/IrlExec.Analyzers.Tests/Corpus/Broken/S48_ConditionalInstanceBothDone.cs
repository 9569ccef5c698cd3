namespace Corpus.Hosting;

public static class Picks
{
    public static void Run(bool first)
    {
        var a = WorkflowExecution.Start("a", ExecutionMode.Execution);
        var b = WorkflowExecution.Start("b", ExecutionMode.Execution);
        a.Fail("a failed");
        b.Complete();
        {|IRL0002:(first ? a : b).Resume()|};
    }
}

namespace Corpus.Hosting;

public static class Pairs
{
    public static void Run(bool left)
    {
        var a = WorkflowExecution.Start("a", ExecutionMode.Execution);
        var b = WorkflowExecution.Start("b", ExecutionMode.Execution);
        a.Complete();
        b.Complete();
        var chosen = left ? a : b;
        {|IRL0002:chosen.Pause("pick")|};
    }
}

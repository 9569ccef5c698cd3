namespace Corpus.Valid;

public static class RoundRobin
{
    public static void Run(int rounds)
    {
        var a = WorkflowExecution.Start("a", ExecutionMode.Execution);
        var b = WorkflowExecution.Start("b", ExecutionMode.Execution);
        var current = a;
        for (var i = 0; i < rounds; i++)
        {
            current.Pause("round " + i);
            current.Resume();
            current = i % 2 == 0 ? b : a;
        }
        a.Complete();
        b.Complete();
    }
}

namespace Corpus.Hosting;

public static class Recovery
{
    public static void Recover()
    {
        var execution = WorkflowExecution.Start("recovery", ExecutionMode.Execution);
        execution.Fail("disk full");
        Console.WriteLine("freeing space");
        {|IRL0002:execution.Resume()|};
    }
}

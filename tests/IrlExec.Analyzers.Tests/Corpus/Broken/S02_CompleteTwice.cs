namespace Corpus.Hosting;

public static class Nightly
{
    public static void Run(int rows)
    {
        var execution = WorkflowExecution.Start("nightly", ExecutionMode.Execution);
        if (rows > 0) Console.WriteLine($"{rows} rows");
        execution.Complete();
        Console.WriteLine("done");
        {|IRL0002:execution.Complete()|};
    }
}

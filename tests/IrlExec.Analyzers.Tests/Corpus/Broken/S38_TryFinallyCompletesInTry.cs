namespace Corpus.Hosting;

public static class Reports
{
    public static void Publish()
    {
        var execution = WorkflowExecution.Start("report", ExecutionMode.Execution);
        try
        {
            Console.WriteLine("rendering");
            execution.Complete();
        }
        finally
        {
            Console.WriteLine("flushing logs");
        }
        {|IRL0002:execution.Complete()|};
    }
}

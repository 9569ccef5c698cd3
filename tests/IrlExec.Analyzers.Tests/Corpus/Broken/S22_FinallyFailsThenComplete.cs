namespace Corpus.Hosting;

public static class Cleanup
{
    public static void Run()
    {
        var execution = WorkflowExecution.Start("cleanup", ExecutionMode.Execution);
        try
        {
            Console.WriteLine("removing temp files");
        }
        finally
        {
            execution.Fail("cleanup always ends the run");
        }
        {|IRL0002:execution.Complete()|};
    }
}

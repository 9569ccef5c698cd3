namespace Corpus.Hosting;

public static class Sync
{
    public static void Run(Func<int> work)
    {
        var execution = WorkflowExecution.Start("sync", ExecutionMode.Execution);
        try
        {
            Console.WriteLine(work());
            execution.Complete();
        }
        catch (InvalidOperationException e)
        {
            execution.Fail(e.Message);
        }
        catch (TimeoutException)
        {
            execution.Fail("timeout");
        }
        {|IRL0002:execution.TransitionTo(ExecutionStatus.CompletedSuccess)|};
    }
}

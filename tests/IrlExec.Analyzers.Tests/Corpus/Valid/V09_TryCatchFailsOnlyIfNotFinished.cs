namespace Corpus.Valid;

public static class Guarded
{
    public static void Run(Action work)
    {
        var execution = WorkflowExecution.Start("guarded", ExecutionMode.Execution);
        try
        {
            work();
            execution.Complete();
        }
        catch (Exception e)
        {
            if (!execution.IsFinished) execution.Fail(e.Message);
        }
        finally
        {
            Console.WriteLine("status: " + execution.Status);
        }
    }
}

namespace Corpus.Valid;

public static class Rethrow
{
    public static void Run(Func<bool> work)
    {
        var execution = WorkflowExecution.Start("rethrow", ExecutionMode.Execution);
        try
        {
            if (!work()) execution.Pause("nothing to do yet");
        }
        catch (Exception e)
        {
            execution.Fail(e.Message);
            throw;
        }
        if (execution.Status == ExecutionStatus.Paused) execution.Resume();
        execution.Complete();
    }
}

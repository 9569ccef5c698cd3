namespace Corpus.Valid;

public static class Waiter
{
    public static void Run(Func<bool> ready)
    {
        var execution = WorkflowExecution.Start("waiter", ExecutionMode.Execution);
        while (true)
        {
            if (ready())
            {
                execution.Complete();
                break;
            }
            execution.Pause("not ready");
            execution.Resume();
        }
    }
}

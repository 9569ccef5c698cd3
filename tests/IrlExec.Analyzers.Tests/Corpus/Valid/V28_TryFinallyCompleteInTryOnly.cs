namespace Corpus.Valid;

public static class Locks
{
    private static readonly object Gate = new();

    public static void Run()
    {
        var execution = WorkflowExecution.Start("locked", ExecutionMode.Execution);
        lock (Gate)
        {
            execution.Pause("holding the lock");
            execution.Resume();
        }
        try
        {
            Console.WriteLine("work");
        }
        finally
        {
            execution.Complete();
        }
    }
}

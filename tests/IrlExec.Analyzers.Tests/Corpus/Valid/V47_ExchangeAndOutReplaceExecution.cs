namespace Corpus.Valid;

public static class Replacement
{
    public static void Run()
    {
        var current = WorkflowExecution.Start("batch", ExecutionMode.Execution);
        current.Complete();
        System.Threading.Interlocked.Exchange(ref current, WorkflowExecution.Start("batch", ExecutionMode.Execution));
        current.Complete();
        Next(out current);
        current.Complete();
    }

    private static void Next(out WorkflowExecution execution) => execution = WorkflowExecution.Start("batch", ExecutionMode.Execution);
}

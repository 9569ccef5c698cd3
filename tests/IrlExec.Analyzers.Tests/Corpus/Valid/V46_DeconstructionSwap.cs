namespace Corpus.Valid;

public static class Rotation
{
    // After the swap, a holds the execution that is still in progress.
    public static void Run()
    {
        var a = WorkflowExecution.Start("first", ExecutionMode.Execution);
        var b = WorkflowExecution.Start("second", ExecutionMode.Execution);
        a.Complete();
        (a, b) = (b, a);
        a.Complete();
    }
}

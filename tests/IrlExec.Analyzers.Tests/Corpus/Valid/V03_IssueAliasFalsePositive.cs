namespace Corpus.Valid;

// The false positive from the issue: two locals for one execution.
public static class Switchover
{
    public static void Run()
    {
        var first = WorkflowExecution.Start("first", ExecutionMode.Execution);
        var second = WorkflowExecution.Start("second", ExecutionMode.Execution);
        var current = first;
        current.Complete();
        current = second;
        current.Pause("waiting for the operator");
        second.Resume();
        current.Complete();
    }
}

namespace Corpus.Valid;

// The false positive: two locals hold the same execution, used in turn.
public static class Handover
{
    public static void Run()
    {
        var first = WorkflowExecution.Start("handover", ExecutionMode.Execution);
        var second = first;
        WorkflowExecution current;
        current = second;
        current.Pause("waiting for the night shift");
        second.Resume();
        current.Complete();
    }
}

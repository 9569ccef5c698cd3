namespace Corpus.Valid;

public static class Handover
{
    public static void Run()
    {
        var execution = WorkflowExecution.Start("handover", ExecutionMode.Execution);
        Swap(execution, execution);
        execution.Complete();
    }

    private static void Swap(WorkflowExecution from, WorkflowExecution to)
    {
        from.Pause("handing over");
        to.Resume();
    }
}

namespace Corpus.Valid;

public static class MaybeDone
{
    public static void Run(bool done)
    {
        var execution = WorkflowExecution.Start("maybe", ExecutionMode.Execution);
        Settle(execution, done);
        if (!execution.IsFinished) execution.Complete();
    }

    private static void Settle(WorkflowExecution execution, bool done)
    {
        if (done) execution.Complete();
    }
}

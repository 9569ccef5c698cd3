namespace Corpus.Valid;

public static class Optional
{
    public static void Finish(WorkflowExecution? execution)
    {
        if (execution is null) return;
        if (execution.Status is ExecutionStatus.InProgress or ExecutionStatus.Resumed)
        {
            execution?.Complete();
        }
        else if (execution.Status is not (ExecutionStatus.CompletedSuccess or ExecutionStatus.CompletedFailure))
        {
            execution.Fail("stopped");
        }
    }
}

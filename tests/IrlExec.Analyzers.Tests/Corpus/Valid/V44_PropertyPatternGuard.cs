namespace Corpus.Valid;

public static class Patterns
{
    public static void Run(WorkflowExecution execution)
    {
        if (execution is { Status: ExecutionStatus.Paused, IsFinished: false })
        {
            execution.Resume();
            execution.Complete();
        }
        else if (execution is { IsFinished: false })
        {
            execution.Fail("not paused");
        }
    }
}

namespace Corpus.Valid;

public static class Finisher
{
    public static void Finish(WorkflowExecution execution)
    {
        switch (execution.Status)
        {
            case ExecutionStatus.Paused:
                execution.Resume();
                execution.Complete();
                break;
            case ExecutionStatus.CompletedSuccess:
            case ExecutionStatus.CompletedFailure:
                break;
            default:
                execution.Complete();
                break;
        }
    }
}

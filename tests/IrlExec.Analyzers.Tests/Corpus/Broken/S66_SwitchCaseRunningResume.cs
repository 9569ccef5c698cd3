namespace Corpus.Hosting;

public static class Nudge
{
    public static void Handle(WorkflowExecution execution)
    {
        switch (execution.Status)
        {
            case ExecutionStatus.InProgress:
            case ExecutionStatus.Resumed:
                {|IRL0001:execution.Resume()|};
                break;
            default:
                break;
        }
    }
}

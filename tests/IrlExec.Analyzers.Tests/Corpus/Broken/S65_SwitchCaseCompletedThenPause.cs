namespace Corpus.Hosting;

public static class Reopen
{
    public static void Handle(WorkflowExecution execution)
    {
        switch (execution.Status)
        {
            case ExecutionStatus.Paused:
                execution.Resume();
                break;
            case ExecutionStatus.CompletedSuccess:
                {|IRL0002:execution.Pause("reopened by support")|};
                break;
        }
    }
}

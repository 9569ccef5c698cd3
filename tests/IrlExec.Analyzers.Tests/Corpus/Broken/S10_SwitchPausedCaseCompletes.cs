namespace Corpus.Hosting;

public static class Supervisor
{
    public static void Tick(WorkflowExecution execution)
    {
        switch (execution.Status)
        {
            case ExecutionStatus.InProgress:
                execution.Pause("tick");
                break;
            case ExecutionStatus.Paused:
                {|IRL0001:execution.Complete()|};
                break;
        }
    }
}

namespace Corpus.Hosting;

public static class Priorities
{
    public static void Handle(WorkflowExecution execution, int priority)
    {
        switch (execution.Status)
        {
            case ExecutionStatus.Paused when priority > 5:
                execution.Resume();
                break;
            case ExecutionStatus.Planning:
                {|IRL0001:execution.Pause("not started")|};
                break;
        }
    }
}

namespace Corpus.Hosting;

public static class Holds
{
    public static void Release()
    {
        var execution = StartOnHold("hold");
        {|IRL0001:execution.Complete()|};
    }

    private static WorkflowExecution StartOnHold(string name)
    {
        var execution = WorkflowExecution.Start(name, ExecutionMode.Execution);
        execution.Pause("on hold");
        return execution;
    }
}

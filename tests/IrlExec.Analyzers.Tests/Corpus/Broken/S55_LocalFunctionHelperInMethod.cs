namespace Corpus.Hosting;

public static class Locals2
{
    public static void Run()
    {
        var execution = WorkflowExecution.Start("locals", ExecutionMode.Execution);
        Suspend(execution);
        {|IRL0001:execution.Complete()|};

        static void Suspend(WorkflowExecution e) => e.Pause("suspended");
    }
}

namespace Corpus.Hosting;

public sealed class Orchestrator
{
    public void Run()
    {
        var execution = WorkflowExecution.Start("orchestrated", ExecutionMode.Execution);
        Stop(execution, "maintenance");
        {|IRL0001:execution.Complete()|};
    }

    private void Stop(WorkflowExecution execution, string reason)
    {
        Console.WriteLine("stopping: " + reason);
        Suspend(execution, reason);
    }

    private static void Suspend(WorkflowExecution execution, string reason) => execution.Pause(reason);
}

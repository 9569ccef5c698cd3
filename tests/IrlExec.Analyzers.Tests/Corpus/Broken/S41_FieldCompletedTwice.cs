namespace Corpus.Hosting;

public sealed class DeploymentHost
{
    private WorkflowExecution _execution = WorkflowExecution.Create("deploy", ExecutionMode.Execution);

    public void Finish(bool ok)
    {
        if (ok) _execution.Complete();
        else _execution.Fail("deploy failed");
        Console.WriteLine("notifying");
        {|IRL0002:_execution.Complete()|};
    }
}

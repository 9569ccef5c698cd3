namespace Corpus.Hosting;

public sealed class Job
{
    public WorkflowExecution Execution { get; private set; } = WorkflowExecution.Create("job", ExecutionMode.Execution);

    public void Cancel()
    {
        Execution.Fail("cancelled");
        {|IRL0002:Execution.Pause("cancelled twice")|};
    }
}

namespace Corpus.Hosting;

public sealed class Scheduler
{
    private WorkflowExecution? _current;

    public void Begin(string name)
    {
        _current = WorkflowExecution.Start(name, ExecutionMode.Execution);
        {|IRL0001:_current.Resume()|};
    }
}

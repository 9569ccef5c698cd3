namespace Corpus.Valid;

public sealed class Tracker
{
    private WorkflowExecution? _watched;

    public void Watch(WorkflowExecution execution) => _watched = execution;

    public void Step(WorkflowExecution execution)
    {
        execution.Pause("step");
        _watched?.Resume();
        execution.Complete();
    }
}

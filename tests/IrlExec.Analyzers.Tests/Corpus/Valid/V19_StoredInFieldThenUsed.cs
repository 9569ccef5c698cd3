namespace Corpus.Valid;

public sealed class Host
{
    private WorkflowExecution? _current;

    public void Begin()
    {
        var execution = WorkflowExecution.Start("hosted", ExecutionMode.Execution);
        _current = execution;
        Suspend();
        execution.Resume();
        execution.Complete();
    }

    private void Suspend() => _current?.Pause("suspended by the host");
}

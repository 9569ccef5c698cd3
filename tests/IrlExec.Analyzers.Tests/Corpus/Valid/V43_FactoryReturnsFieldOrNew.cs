namespace Corpus.Valid;

public sealed class Pool
{
    private WorkflowExecution? _spare;

    public void Use()
    {
        var execution = Take();
        if (execution.Status == ExecutionStatus.InProgress) execution.Complete();
    }

    private WorkflowExecution Take()
    {
        if (_spare is { } spare)
        {
            _spare = null;
            return spare;
        }
        var created = WorkflowExecution.Start("pool", ExecutionMode.Execution);
        created.Complete();
        return created;
    }
}

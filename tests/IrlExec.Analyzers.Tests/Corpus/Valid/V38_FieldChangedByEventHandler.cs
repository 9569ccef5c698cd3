namespace Corpus.Valid;

public sealed class Approvals3
{
    private readonly WorkflowExecution _execution = WorkflowExecution.Start("approvals", ExecutionMode.Execution);

    public event Action? Approved;

    public Approvals3() => Approved += () => _execution.Resume();

    public void Run()
    {
        _execution.Pause("approval");
        Approved?.Invoke();
        _execution.Complete();
    }
}

namespace Corpus.Valid;

public sealed class Restarter
{
    private WorkflowExecution _execution = WorkflowExecution.Start("restart", ExecutionMode.Execution);

    public void Run()
    {
        _execution.Complete();
        Restart();
        _execution.Pause("fresh run waits");
    }

    private void Restart() => _execution = WorkflowExecution.Start("restart", ExecutionMode.Execution);
}

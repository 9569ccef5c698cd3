namespace Corpus.Valid;

// The factory may hand back an execution that is already paused: the caller checks.
public sealed class Registry
{
    private readonly Dictionary<string, WorkflowExecution> _running = new();

    public void Continue(string name)
    {
        var execution = GetOrStart(name);
        if (execution.Status == ExecutionStatus.Paused) execution.Resume();
        execution.Complete();
    }

    private WorkflowExecution GetOrStart(string name)
    {
        if (!_running.TryGetValue(name, out var execution))
        {
            execution = WorkflowExecution.Start(name, ExecutionMode.Execution);
            _running[name] = execution;
        }
        return execution;
    }
}

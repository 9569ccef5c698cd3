namespace Corpus.Valid;

public static class Dispatcher
{
    public static string Advance(WorkflowExecution execution)
    {
        Action advance = execution.Status switch
        {
            ExecutionStatus.Planning => () => execution.TransitionTo(ExecutionStatus.InProgress),
            ExecutionStatus.Paused => execution.Resume,
            _ => () => { },
        };
        advance();
        return execution.Status switch
        {
            ExecutionStatus.InProgress or ExecutionStatus.Resumed => "running",
            ExecutionStatus.Paused => "paused",
            _ => "finished",
        };
    }
}

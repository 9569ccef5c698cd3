namespace Corpus.Valid;

public static class Decide
{
    public static void Handle(WorkflowExecution execution, bool approved)
    {
        System.Action next = execution.Status switch
        {
            ExecutionStatus.Paused => () => execution.Resume(),
            ExecutionStatus.InProgress or ExecutionStatus.Resumed when approved => () => execution.Complete(),
            ExecutionStatus.InProgress or ExecutionStatus.Resumed => () => execution.Fail("not approved"),
            _ => () => { },
        };
        next();
    }
}

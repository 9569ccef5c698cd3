namespace Corpus.Hosting;

public static class Escalation
{
    public static void Escalate()
    {
        var execution = WorkflowExecution.Start("escalation", ExecutionMode.Execution);
        Settle(execution);
        {|IRL0002:execution.Resume()|};
    }

    private static void Settle(WorkflowExecution execution)
    {
        switch (execution.Status)
        {
            case ExecutionStatus.InProgress:
            case ExecutionStatus.Resumed:
                execution.Complete();
                break;
            default:
                execution.Fail("unexpected " + execution.Status);
                break;
        }
    }
}

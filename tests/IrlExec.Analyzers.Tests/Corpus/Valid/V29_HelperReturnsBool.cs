namespace Corpus.Valid;

public static class Approvals2
{
    public static void Run(bool approved)
    {
        var execution = WorkflowExecution.Start("approvals", ExecutionMode.Execution);
        execution.Pause("waiting");
        if (TryApprove(execution, approved)) execution.Complete();
        else execution.Fail("rejected");
    }

    private static bool TryApprove(WorkflowExecution execution, bool approved)
    {
        if (!approved) return false;
        execution.Resume();
        return true;
    }
}

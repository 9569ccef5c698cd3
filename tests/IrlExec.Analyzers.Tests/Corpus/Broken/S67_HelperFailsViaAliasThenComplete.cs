namespace Corpus.Hosting;

// The helper copies the execution to a local and fails it through the copy.
public static class Checks
{
    public static void Verify(bool ok)
    {
        var execution = WorkflowExecution.Start("verify", ExecutionMode.Execution);
        Reject(execution);
        {|IRL0002:execution.Complete()|};
    }

    private static void Reject(WorkflowExecution execution)
    {
        var same = execution;
        same.Fail("rejected");
    }
}

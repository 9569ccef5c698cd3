namespace Corpus.Hosting;

public static partial class Approver
{
    public static void Run()
    {
        var execution = WorkflowExecution.Start("approver", ExecutionMode.Execution);
        Reject(execution);
        {|IRL0002:execution.Pause("second look")|};
    }
}

public static partial class Approver
{
    private static void Reject(WorkflowExecution execution) => execution.Fail("rejected");
}

namespace Corpus.Hosting;

public static class ExecutionExtensions
{
    public static void Finish(this WorkflowExecution execution) => execution.Complete();
}

public static class Shipping
{
    public static void Ship()
    {
        var execution = WorkflowExecution.Start("shipping", ExecutionMode.Execution);
        execution.Finish();
        {|IRL0002:execution.Fail("carrier refused")|};
    }
}

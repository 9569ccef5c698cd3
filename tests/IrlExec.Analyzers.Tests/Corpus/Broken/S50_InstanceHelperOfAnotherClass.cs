namespace Corpus.Hosting;

public sealed class Closer
{
    public void Close(WorkflowExecution execution, string reason) => execution.Fail(reason);
}

public static class Teardown
{
    public static void Run()
    {
        var execution = WorkflowExecution.Start("teardown", ExecutionMode.Execution);
        new Closer().Close(execution, "teardown");
        {|IRL0002:execution.Complete()|};
    }
}

namespace Corpus.Hosting;

public static class Handlers
{
    public static Action Handler() => () =>
    {
        var execution = WorkflowExecution.Start("handler", ExecutionMode.Execution);
        execution.Complete();
        {|IRL0002:execution.Fail("late")|};
    };
}

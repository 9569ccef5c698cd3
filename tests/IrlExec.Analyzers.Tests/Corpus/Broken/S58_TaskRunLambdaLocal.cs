namespace Corpus.Hosting;

public static class Workers
{
    public static Task Run() => Task.Run(() =>
    {
        var execution = WorkflowExecution.Create("worker", ExecutionMode.Execution);
        execution.TransitionTo(ExecutionStatus.InProgress);
        {|IRL0001:execution.TransitionTo(ExecutionStatus.InProgress)|};
    });
}

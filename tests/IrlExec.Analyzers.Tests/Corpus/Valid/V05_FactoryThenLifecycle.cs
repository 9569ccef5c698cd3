namespace Corpus.Valid;

public static class Factories
{
    public static void Run()
    {
        var execution = Begin("factory");
        execution.Pause("approval");
        execution.Resume();
        execution.Complete();
        var planned = Plan("planned");
        planned.TransitionTo(ExecutionStatus.InProgress);
        planned.Fail("cancelled");
    }

    private static WorkflowExecution Begin(string name) => WorkflowExecution.Start(name, ExecutionMode.Execution);

    private static WorkflowExecution Plan(string name)
    {
        var execution = WorkflowExecution.Create(name, ExecutionMode.Simulation);
        return execution;
    }
}

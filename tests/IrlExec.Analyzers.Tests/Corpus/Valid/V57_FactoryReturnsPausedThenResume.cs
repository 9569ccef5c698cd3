namespace Corpus.Valid;

public static class Queue
{
    public static void Run()
    {
        var execution = Parked("queue");
        execution.Resume();
        execution.Complete();
    }

    private static WorkflowExecution Parked(string name)
    {
        var execution = WorkflowExecution.Start(name, ExecutionMode.Execution);
        execution.Pause("parked until a worker is free");
        return execution;
    }
}

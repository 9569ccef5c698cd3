namespace Corpus.Valid;

public static class Batching
{
    public static void Run(int batches)
    {
        var execution = WorkflowExecution.Start("batching", ExecutionMode.Execution);
        Hold(execution, "first batch");
        execution.Resume();
        Hold(execution, "second batch");
        execution.Resume();
        for (var i = 0; i < batches; i++)
        {
            Hold(execution, "batch " + i);
            execution.Resume();
        }
        execution.Complete();
    }

    private static void Hold(WorkflowExecution execution, string reason) => execution.Pause(reason);
}

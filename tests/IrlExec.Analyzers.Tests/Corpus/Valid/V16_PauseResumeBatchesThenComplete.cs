namespace Corpus.Valid;

public static class Migration
{
    public static async Task RunAsync(IEnumerable<int> batches)
    {
        var execution = WorkflowExecution.Start("migration", ExecutionMode.Execution);
        foreach (var batch in batches)
        {
            await Task.Delay(batch);
            execution.Pause("batch " + batch + " copied");
            execution.Resume();
        }
        execution.Complete();
    }
}

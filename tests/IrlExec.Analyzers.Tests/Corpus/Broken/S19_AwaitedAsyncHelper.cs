namespace Corpus.Hosting;

public static class Exports
{
    public static async Task ExportAsync()
    {
        var execution = WorkflowExecution.Start("export", ExecutionMode.Execution);
        await CloseAsync(execution);
        {|IRL0002:execution.Pause("more to export")|};
    }

    private static async Task CloseAsync(WorkflowExecution execution)
    {
        await Task.Yield();
        execution.Complete();
    }
}

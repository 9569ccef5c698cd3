namespace Corpus.Hosting;

public static class AsyncStarts
{
    public static async Task RunAsync()
    {
        var execution = await StartAsync("async-start");
        {|IRL0001:execution.Resume()|};
    }

    private static async Task<WorkflowExecution> StartAsync(string name)
    {
        await Task.Yield();
        return WorkflowExecution.Start(name, ExecutionMode.Execution);
    }
}

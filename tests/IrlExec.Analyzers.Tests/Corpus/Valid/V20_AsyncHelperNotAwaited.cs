namespace Corpus.Valid;

public static class Background
{
    public static Task Run()
    {
        var execution = WorkflowExecution.Start("background", ExecutionMode.Execution);
        var closing = CloseLaterAsync(execution);
        return closing;
    }

    private static async Task CloseLaterAsync(WorkflowExecution execution)
    {
        await Task.Delay(100);
        execution.Complete();
    }
}

namespace Corpus.Hosting;

public static class Reviews
{
    public static void Start()
    {
        var execution = WorkflowExecution.Start("review", ExecutionMode.Execution);
        {|IRL0001:Continue(execution)|};
    }

    private static void Continue(WorkflowExecution execution)
    {
        Console.WriteLine("continuing " + execution.Id);
        execution.Resume();
    }
}

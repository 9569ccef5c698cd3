namespace Corpus.Hosting;

// The factory returns a PLANNING execution; completing it skips IN_PROGRESS.
public static class Plans
{
    public static void Finish()
    {
        var execution = Prepare();
        {|IRL0001:execution.Complete()|};
    }

    private static WorkflowExecution Prepare()
    {
        var execution = WorkflowExecution.Create("plan", ExecutionMode.Simulation);
        Console.WriteLine("prepared " + execution.Id);
        return execution;
    }
}

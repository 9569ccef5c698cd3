namespace Corpus.Valid;

public static class Pick
{
    public static void Run(bool useMain)
    {
        var main = WorkflowExecution.Start("pick", ExecutionMode.Execution);
        var chosen = useMain ? main : main;
        chosen.Pause("waiting");
        main.Resume();
        chosen.Complete();
    }
}

namespace Corpus.Valid;

public static class Countdown
{
    public static void Run(int n)
    {
        var execution = WorkflowExecution.Start("countdown", ExecutionMode.Execution);
        Tick(execution, n);
        if (!execution.IsFinished) execution.Complete();
    }

    private static void Tick(WorkflowExecution execution, int n)
    {
        if (n <= 0)
        {
            execution.Complete();
            return;
        }
        execution.Pause("tick");
        execution.Resume();
        Tick(execution, n - 1);
    }
}

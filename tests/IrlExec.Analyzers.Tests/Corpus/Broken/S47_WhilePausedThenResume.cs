namespace Corpus.Hosting;

public static class Waits
{
    public static void Wait(WorkflowExecution execution)
    {
        while (execution.Status == ExecutionStatus.Paused)
        {
            Thread.Sleep(100);
        }
        {|IRL0001:execution.Resume()|};
    }
}

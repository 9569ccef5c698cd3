namespace Corpus.Hosting;

public static class Holds2
{
    public static void Hold(WorkflowExecution execution)
    {
        if (execution.Status is not ExecutionStatus.Paused) return;
        {|IRL0001:execution.Pause("hold again")|};
    }
}

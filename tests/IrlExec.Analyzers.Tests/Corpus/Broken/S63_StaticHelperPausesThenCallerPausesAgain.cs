namespace Corpus.Hosting;

// The helper pauses on every path; pausing a paused execution again is invalid.
public static class Approvals
{
    public static void Request(string who)
    {
        var execution = WorkflowExecution.Start("approval", ExecutionMode.Execution);
        AskFor(execution, who);
        {|IRL0001:execution.Pause("still waiting")|};
    }

    private static void AskFor(WorkflowExecution execution, string who) => execution.Pause("waiting for " + who);
}

namespace Corpus.Hosting;

public static class Drafts
{
    public static void Continue()
    {
        var execution = WorkflowExecution.Create("draft", ExecutionMode.Execution);
        {|IRL0001:execution.Resume()|};
    }
}

namespace Corpus.Hosting;

public static class Sessions
{
    public static void Handle()
    {
        var execution = NewExecution("session");
        {|IRL0001:execution.Resume()|};
    }

    private static WorkflowExecution NewExecution(string name) =>
        WorkflowExecution.Start(name, ExecutionMode.Execution);
}

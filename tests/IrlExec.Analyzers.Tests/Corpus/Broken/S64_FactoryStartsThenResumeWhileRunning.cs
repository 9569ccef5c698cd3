namespace Corpus.Hosting;

// The factory returns a running execution: there is nothing to resume.
public static class Imports
{
    public static void Begin()
    {
        var execution = Open("csv-import");
        {|IRL0001:execution.Resume()|};
    }

    private static WorkflowExecution Open(string name) => WorkflowExecution.Start(name, ExecutionMode.Execution);
}

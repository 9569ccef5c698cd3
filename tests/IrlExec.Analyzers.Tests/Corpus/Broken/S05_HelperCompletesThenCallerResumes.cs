namespace Corpus.Hosting;

// The helper finishes the execution; the caller then tries to resume it.
public static class Releases
{
    public static void Ship(bool approved)
    {
        var execution = WorkflowExecution.Start("release", ExecutionMode.Execution);
        execution.Pause("waiting for approval");
        Close(execution, approved);
        {|IRL0002:execution.Resume()|};
    }

    private static void Close(WorkflowExecution execution, bool approved)
    {
        if (approved) execution.Fail("rejected late");
        else execution.Fail("not approved");
    }
}

namespace Corpus.Hosting;

// Both branches finish the execution: the pause after them is out of a terminal status.
public static class Gate
{
    public static void Decide(bool ok)
    {
        var execution = WorkflowExecution.Start("gate", ExecutionMode.Execution);
        if (ok) execution.Complete();
        else execution.Fail("gate closed");
        {|IRL0002:execution.Pause("re-check")|};
    }
}

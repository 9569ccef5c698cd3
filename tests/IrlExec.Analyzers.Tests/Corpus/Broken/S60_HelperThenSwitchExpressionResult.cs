namespace Corpus.Hosting;

public static class Outcomes
{
    public static string Run(bool ok)
    {
        var execution = WorkflowExecution.Start("outcomes", ExecutionMode.Execution);
        End(execution, ok);
        var text = execution.Status switch
        {
            ExecutionStatus.CompletedSuccess => "ok",
            _ => "failed",
        };
        {|IRL0002:execution.Resume()|};
        return text;
    }

    private static void End(WorkflowExecution execution, bool ok)
    {
        if (ok) execution.Complete();
        else execution.Fail("not ok");
    }
}

namespace Corpus.Hosting;

public static class Watchdog
{
    public static void Check(WorkflowExecution execution)
    {
        var status = execution.Status;
        switch (status)
        {
            case ExecutionStatus.CompletedSuccess:
            case ExecutionStatus.CompletedFailure:
                {|IRL0002:execution.Fail("watchdog")|};
                break;
            default:
                Console.WriteLine(status);
                break;
        }
    }
}

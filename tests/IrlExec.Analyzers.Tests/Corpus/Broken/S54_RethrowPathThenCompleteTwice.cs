namespace Corpus.Hosting;

public static class Payouts
{
    public static void Pay(Action transfer)
    {
        var execution = WorkflowExecution.Start("payout", ExecutionMode.Execution);
        try
        {
            transfer();
        }
        catch
        {
            execution.Fail("transfer failed");
            throw;
        }
        execution.Complete();
        {|IRL0002:execution.Complete()|};
    }
}

namespace Corpus.Hosting;

public static class Billing
{
    public static async Task ChargeAsync(decimal amount)
    {
        var execution = WorkflowExecution.Start("billing", ExecutionMode.Execution);
        try
        {
            await Task.Delay(10);
            if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(amount));
            execution.Complete();
        }
        catch (Exception e)
        {
            execution.Fail(e.Message);
        }
        {|IRL0002:execution.Complete()|};
    }
}

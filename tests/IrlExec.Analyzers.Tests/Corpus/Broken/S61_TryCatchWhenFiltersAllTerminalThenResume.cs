namespace Corpus.Hosting;

// Both catch clauses and the try finish the execution: the resume after them always throws.
public static class Payouts
{
    public static void Pay(decimal amount)
    {
        var execution = WorkflowExecution.Start("payout", ExecutionMode.Execution);
        try
        {
            if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(amount));
            execution.Complete();
        }
        catch (ArgumentException e) when (e.ParamName == nameof(amount))
        {
            execution.Fail("bad amount");
        }
        catch (Exception e)
        {
            execution.Fail(e.Message);
        }
        {|IRL0002:execution.Resume()|};
    }
}

namespace Corpus.Hosting;

// A step must be RUNNING before it is COMPLETED.
public static class StepBook
{
    public static void Record()
    {
        var step = new StepState { Order = 2, Name = "send" };
        {|IRL0004:step.Status = StepStatus.Completed|};
    }
}

namespace Corpus.Hosting;

// A failed step runs again before it completes.
public static class StepRetry
{
    public static void Retry()
    {
        var step = new StepState { Order = 3, Name = "upload", Status = StepStatus.Running };
        step.Status = StepStatus.Failed;
        {|IRL0004:step.Status = StepStatus.Completed|};
    }
}

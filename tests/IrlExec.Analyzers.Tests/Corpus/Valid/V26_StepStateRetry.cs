namespace Corpus.Valid;

public static class Attempts
{
    public static StepState Run(int maxAttempts, Func<bool> attempt)
    {
        var step = new StepState { Order = 1, Name = "call" };
        for (var i = 0; i < maxAttempts; i++)
        {
            step.Status = StepStatus.Running;
            if (attempt())
            {
                step.Status = StepStatus.Completed;
                return step;
            }
            step.Status = StepStatus.Failed;
        }
        return step;
    }
}

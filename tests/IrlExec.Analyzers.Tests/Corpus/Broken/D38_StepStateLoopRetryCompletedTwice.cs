namespace Corpus.Hosting;

public static class StepLoop
{
    public static void Run(int attempts)
    {
        var step = new StepState { Order = 1, Name = "call-api" };
        step.Status = StepStatus.Running;
        step.Status = StepStatus.Completed;
        for (var i = 0; i < attempts; i++) Console.WriteLine(i);
        {|IRL0004:step.Status = StepStatus.Completed|};
    }
}

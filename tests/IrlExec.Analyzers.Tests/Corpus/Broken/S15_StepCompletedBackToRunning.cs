namespace Corpus.Hosting;

public static class StepReplay
{
    public static StepState Replay()
    {
        var step = new StepState { Order = 1, Name = "fetch", Status = StepStatus.Completed };
        {|IRL0004:step.Status = StepStatus.Running|};
        return step;
    }
}

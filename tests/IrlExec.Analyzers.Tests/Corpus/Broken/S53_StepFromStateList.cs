namespace Corpus.Hosting;

public static class StateFixups
{
    public static void Fix(ExecutionState state)
    {
        var step = state.Steps[0];
        step.Status = StepStatus.Completed;
        {|IRL0004:step.Status = StepStatus.Running|};
    }
}

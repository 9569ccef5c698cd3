namespace Corpus.Valid;

public static class Timers
{
    public static Action Arm()
    {
        var execution = WorkflowExecution.Start("timer", ExecutionMode.Execution);
        execution.Pause("until the timer fires");
        Action fire = () => execution.Resume();
        fire();
        execution.Complete();
        return fire;
    }
}

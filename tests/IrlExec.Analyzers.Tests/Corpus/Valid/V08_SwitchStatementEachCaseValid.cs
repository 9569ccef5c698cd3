namespace Corpus.Valid;

public static class Operator
{
    public static void Step(WorkflowExecution execution, bool approve)
    {
        switch (execution.Status)
        {
            case ExecutionStatus.Planning:
                execution.TransitionTo(ExecutionStatus.InProgress);
                break;
            case ExecutionStatus.InProgress:
            case ExecutionStatus.Resumed:
                execution.Pause("waiting for approval");
                break;
            case ExecutionStatus.Paused when approve:
                execution.Resume();
                execution.Complete();
                break;
            case ExecutionStatus.Paused:
                execution.Fail("rejected");
                break;
            default:
                Console.WriteLine("finished: " + execution.Status);
                break;
        }
    }
}

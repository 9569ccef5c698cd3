namespace Corpus.Valid;

public interface IApprovalGate
{
    void Decide(WorkflowExecution execution);
}

// What the gate does is not known here: the execution is not judged after it.
public static class Gatekeeper
{
    public static void Run(IApprovalGate gate)
    {
        var execution = WorkflowExecution.Start("gated", ExecutionMode.Execution);
        execution.Pause("waiting for the gate");
        gate.Decide(execution);
        execution.Complete();
    }
}

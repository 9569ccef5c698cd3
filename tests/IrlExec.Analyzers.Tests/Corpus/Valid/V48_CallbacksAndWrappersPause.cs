namespace Corpus.Valid;

public static class Callbacks
{
    // Each pause is made by code the execution was handed to; each resume is valid.
    public static void Run()
    {
        var execution = WorkflowExecution.Start("callbacks", ExecutionMode.Execution);
        Apply(execution, e => e.Pause("by a delegate"));
        execution.Resume();

        var holder = new Holder(execution);
        holder.Hold();
        execution.Resume();

        using (new PauseOnDispose(execution)) { }
        execution.Resume();

        void PauseIt() => execution.Pause("by a local function");
        System.Action act = PauseIt;
        act();
        execution.Resume();
        execution.Complete();
    }

    private static void Apply(WorkflowExecution execution, System.Action<WorkflowExecution> action) => action(execution);

    private sealed class Holder(WorkflowExecution execution)
    {
        public void Hold() => execution.Pause("by a holder");
    }

    private sealed class PauseOnDispose(WorkflowExecution execution) : System.IDisposable
    {
        public void Dispose() => execution.Pause("on dispose");
    }
}

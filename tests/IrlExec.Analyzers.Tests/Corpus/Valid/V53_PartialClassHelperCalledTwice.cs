namespace Corpus.Valid;

public static partial class Shifts
{
    public static void Run()
    {
        var execution = WorkflowExecution.Start("shifts", ExecutionMode.Execution);
        Hold(execution, "first handover");
        execution.Resume();
        Hold(execution, "second handover");
        execution.Resume();
        execution.Complete();
    }
}

public static partial class Shifts
{
    private static void Hold(WorkflowExecution execution, string why) => execution.Pause(why);
}

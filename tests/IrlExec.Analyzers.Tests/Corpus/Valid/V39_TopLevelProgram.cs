var execution = WorkflowExecution.Start("console", ExecutionMode.Execution);
Hold(execution, "press a key");
Console.ReadKey();
execution.Resume();
Finish(execution);

static void Hold(WorkflowExecution e, string why) => e.Pause(why);

static void Finish(WorkflowExecution e)
{
    if (e.Status is ExecutionStatus.InProgress or ExecutionStatus.Resumed) e.Complete();
}

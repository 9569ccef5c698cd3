var execution = WorkflowExecution.Start("console", ExecutionMode.Execution);
Finish(execution);
{|IRL0002:execution.Resume()|};

static void Finish(WorkflowExecution e)
{
    Console.WriteLine("finishing " + e.Id);
    e.Complete();
}

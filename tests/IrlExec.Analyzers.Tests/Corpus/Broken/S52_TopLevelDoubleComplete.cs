var execution = WorkflowExecution.Start("console-run", ExecutionMode.Execution);
foreach (var arg in args) Console.WriteLine(arg);
execution.Complete();
{|IRL0002:execution.Complete()|};

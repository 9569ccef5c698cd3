namespace Corpus.Valid;

public static class Batches
{
    public static void Run(string[] files)
    {
        var execution = WorkflowExecution.Start("batch", ExecutionMode.Execution);
        try
        {
            foreach (var file in files)
            {
                if (!File.Exists(file))
                {
                    execution.Fail("missing " + file);
                    return;
                }
            }
            execution.Complete();
        }
        finally
        {
            if (execution.Status is ExecutionStatus.InProgress or ExecutionStatus.Resumed) execution.Pause("stopped early");
        }
    }
}

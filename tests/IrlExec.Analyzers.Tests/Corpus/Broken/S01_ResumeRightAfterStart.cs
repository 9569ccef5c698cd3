namespace Corpus.Hosting;

// A host resumes an execution it has just started: IN_PROGRESS cannot move to RESUMED.
public static class Approvals
{
    public static void Approve(string workflow)
    {
        var execution = WorkflowExecution.Start(workflow, ExecutionMode.Execution);
        Console.WriteLine($"approving {execution.Id}");
        {|IRL0001:execution.Resume()|};
        execution.Complete();
    }
}

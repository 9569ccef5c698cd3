namespace Corpus.Hosting;

public sealed class ApprovalEndpoint
{
    public void OnApproved(WorkflowExecution execution, string approver)
    {
        Console.WriteLine($"{approver} approved {execution.Id}");
        execution.Resume();
        {|IRL0001:execution.Resume()|};
    }
}

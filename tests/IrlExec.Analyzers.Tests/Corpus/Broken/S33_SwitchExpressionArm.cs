namespace Corpus.Hosting;

public static class Labels
{
    public static string Label(WorkflowExecution execution)
    {
        var label = execution.Status switch
        {
            ExecutionStatus.Paused => "paused",
            ExecutionStatus.Resumed => "resumed",
            _ => "other",
        };
        if (execution.Status == ExecutionStatus.CompletedFailure)
        {
            {|IRL0002:execution.Complete()|};
        }
        return label;
    }
}

namespace Corpus.Steps;

[Workflow("approval")]
public partial class ApprovalWorkflow
{
    [Step(1)]
    public partial class WaitForHuman : IStep
    {
        public WorkflowExecution? Execution { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (Execution is { Status: ExecutionStatus.Paused }) {|IRL0003:Execution.Resume()|};
            return ValueTask.CompletedTask;
        }
    }
}

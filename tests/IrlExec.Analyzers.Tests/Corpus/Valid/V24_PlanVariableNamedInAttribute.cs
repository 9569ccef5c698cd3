namespace Corpus.Valid;

[Workflow("plan-upgrade", Goal = "Move {{customer}} to {{plan}}")]
public partial class PlanUpgrade
{
    [Variable] public required string Customer { get; init; }
    [Variable("plan")] public required string PlanName { get; init; }

    [Step(1)]
    public partial class Upgrade : IStep
    {
        [Input] public string Plan { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    public static Task<ExecutionResult> RunAsync(WorkflowRunner runner, string customer, string plan) =>
        RunAsync(runner, new PlanUpgrade { Customer = customer, PlanName = plan });
}

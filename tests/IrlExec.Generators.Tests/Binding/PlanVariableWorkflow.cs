namespace IrlExec.Generators.Tests.Binding;

// A variable named 'plan' on a property named Plan: the generated static Plan is left out (IRL0026 says so, silenced
// here as the docs show), everything else is generated and runs.
#pragma warning disable IRL0026
/// <summary>A workflow whose <c>[Variable]</c> takes the name of the generated <c>Plan</c>.</summary>
[Workflow("plan-variable", Goal = "Carry out {{plan}}")]
public partial class PlanVariableWorkflow
{
    [Variable] public required string Plan { get; init; }
#pragma warning restore IRL0026

    [Step(1)]
    public sealed partial class Follow : IStep
    {
        [Input] public string Plan { get; set; } = "";
        [Output] public string Followed { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Followed = "followed " + Plan;
            return ValueTask.CompletedTask;
        }
    }
}

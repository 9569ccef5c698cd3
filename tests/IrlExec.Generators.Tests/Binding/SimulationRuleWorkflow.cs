namespace IrlExec.Generators.Tests.Binding;

/// <summary>
/// The SIMULATION rule for steps without <see cref="ISimulatedStep"/>: one that writes <c>SideEffects = "none"</c> runs
/// for real; one that declares nothing, or declares side effects, does not run (its outputs stay placeholders).
/// </summary>
[Workflow("simulation-rule")]
public partial class SimulationRuleWorkflow
{
    [Variable] public required string Customer { get; init; }

    /// <summary>Declares no side effects: run in SIMULATION too.</summary>
    [Step(1, SideEffects = "none")]
    public sealed partial class Validate : IStep
    {
        [Input] public string Customer { get; set; } = "";
        [Output] public string Account { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Account = "acct-" + Customer.ToLowerInvariant();
            context.Log("validated " + Customer);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Declares nothing: not run in SIMULATION (it may have side effects nobody wrote down).</summary>
    [Step(2)]
    public sealed partial class Undeclared : IStep
    {
        [Input] public string Account { get; set; } = "";
        [Output] public string Checked { get; set; } = "(not checked)";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Checked = "checked " + Account;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Declares side effects: not run in SIMULATION.</summary>
#pragma warning disable IRL0016 // the point of the step: SIMULATION skips it
    [Step(3, SideEffects = "sends the welcome email")]
#pragma warning restore IRL0016
    public sealed partial class Welcome : IStep
    {
        [Input] public string Account { get; set; } = "";
        [Output] public string Sent { get; set; } = "(not sent)";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Sent = "sent to " + Account;
            return ValueTask.CompletedTask;
        }
    }
}

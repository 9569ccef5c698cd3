namespace IrlExec.Generators.Tests.Planning;

/// <summary>Compiled by the real generator: one step that declares nothing but its order, one that declares everything.</summary>
[Workflow("plan-defaults")]
public partial class PlanDefaults
{
    [Variable] public string Plain { get; init; } = "";
    [Variable("key"), Secret] public required string Key { get; init; }

    [Step(1)]
    public sealed partial class Bare : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => default;
    }

    [Step(2, Name = "full", Component = "ops.full", Tool = "Bash", EstimatedCost = 0.25, EstimatedSeconds = 3, SideEffects = "writes files", MaxAttempts = 4, MaxRecoveryAttempts = 0)]
    public sealed partial class Full : IStep, ISimulatedStep
    {
        [Input("key"), Secret] public string Key { get; set; } = "";
        [Input] public string Plain { get; set; } = "";
        [Output("done", Description = "whether it finished")] public bool Done { get; set; }
        [Output("receipt"), Secret] public string Receipt { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => default;

        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken) => default;
    }
}

/// <summary>
/// The generator writes only the plan members that differ from the plan types' defaults; the plan a run sees must be
/// the same as if it wrote every one.
/// </summary>
public class PlanDefaultsTests
{
    private static readonly WorkflowPlan Plan = PlanDefaults.Plan;

    [Fact]
    public void Workflow_without_goal_or_version_gets_the_defaults()
    {
        Assert.Equal("plan-defaults", Plan.Name);
        Assert.Equal("", Plan.Goal);
        Assert.Equal(1, Plan.Version);
        Assert.Equal(16, Plan.Fingerprint.Length);
    }

    [Fact]
    public void Variables_keep_their_types_and_flags()
    {
        Assert.Collection(
            Plan.Variables,
            plain => Assert.Equal(("plain", "string", false, false), (plain.Name, plain.TypeName, plain.IsSecret, plain.IsRequired)),
            key => Assert.Equal(("key", "string", true, true), (key.Name, key.TypeName, key.IsSecret, key.IsRequired)));
    }

    [Fact]
    public void Step_that_declares_only_its_order_gets_every_default()
    {
        var bare = Plan.Steps[0];

        Assert.Equal((1, "bare"), (bare.Order, bare.Name));
        Assert.Equal(("", ""), (bare.Component, bare.ToolMapping));
        Assert.Empty(bare.Inputs);
        Assert.Empty(bare.Outputs);
        Assert.Equal(0m, bare.EstimatedCost);
        Assert.Equal(0d, bare.EstimatedSeconds);
        Assert.Equal("none", bare.SideEffects);
        Assert.False(bare.HasSimulation);
        Assert.Equal(1, bare.MaxAttempts);
        Assert.Equal(StepPlan.DefaultMaxRecoveryAttempts, bare.MaxRecoveryAttempts);
    }

    [Fact]
    public void Step_that_declares_everything_keeps_every_value()
    {
        var full = Plan.Steps[1];

        Assert.Equal((2, "full", "ops.full", "Bash"), (full.Order, full.Name, full.Component, full.ToolMapping));
        Assert.Equal((0.25m, 3d, "writes files", true, 4), (full.EstimatedCost, full.EstimatedSeconds, full.SideEffects, full.HasSimulation, full.MaxAttempts));
        Assert.Equal(0, full.MaxRecoveryAttempts);
        Assert.Collection(
            full.Inputs,
            key => Assert.Equal(("key", "{{key}}", "string", true), (key.Name, key.Reference, key.TypeName, key.IsSecret)),
            plain => Assert.Equal(("plain", "{{plain}}", "string", false), (plain.Name, plain.Reference, plain.TypeName, plain.IsSecret)));
        Assert.Collection(
            full.Outputs,
            done => Assert.Equal(("done", "bool", "whether it finished", false), (done.Name, done.TypeName, done.Description, done.IsSecret)),
            receipt => Assert.Equal(("receipt", "string", "", true), (receipt.Name, receipt.TypeName, receipt.Description, receipt.IsSecret)));
    }
}

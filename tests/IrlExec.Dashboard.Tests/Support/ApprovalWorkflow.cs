namespace IrlExec.Dashboard.Tests.Support;

/// <summary>
/// A three-step workflow whose second step waits for a person's decision delivered as the signal <c>approval</c> (a
/// string): <c>approved</c> lets the third step ship, anything else fails the step. The step also takes the signal
/// <c>comment</c>, which it never waits for.
/// </summary>
public static class ApprovalWorkflow
{
    public const string Name = "release-approval";
    public const string Signal = "approval";
    public const string Comment = "comment";

    public static WorkflowDefinition Create()
    {
        var plan = new WorkflowPlan
        {
            Name = Name,
            Goal = "Release {{version}} once approved",
            Variables = [new VariablePlan { Name = "version", TypeName = "string", IsRequired = true }],
            Steps =
            [
                new StepPlan
                {
                    Order = 1, Name = "prepare", Component = "release.prepare", ToolMapping = "Bash",
                    Inputs = [new StepInputPlan { Name = "version", Reference = "{{version}}" }],
                    Outputs = [new StepOutputPlan { Name = "draft", Description = "the release notes" }],
                    EstimatedCost = 0.01m, EstimatedSeconds = 1, SideEffects = "none",
                },
                new StepPlan
                {
                    Order = 2, Name = "approve", Component = "release.approve", ToolMapping = "Human",
                    Inputs = [new StepInputPlan { Name = "draft", Reference = "{{draft}}" }],
                    Outputs = [new StepOutputPlan { Name = "decision", Description = "who approved" }],
                    // `comment` is taken but never awaited: delivering it adds a record without waking the step.
                    Signals = [new StepSignalPlan { Name = Signal, TypeName = "string" }, new StepSignalPlan { Name = Comment, TypeName = "string" }],
                    SideEffects = "none",
                },
                new StepPlan
                {
                    Order = 3, Name = "ship", Component = "release.ship", ToolMapping = "Bash",
                    Inputs = [new StepInputPlan { Name = "decision", Reference = "{{decision}}" }],
                    Outputs = [new StepOutputPlan { Name = "shipped", Description = "what shipped" }],
                    EstimatedCost = 0.02m, EstimatedSeconds = 1, SideEffects = "publishes the release",
                },
            ],
        };
        return new WorkflowDefinition(plan,
        [
            StepDefinition.Create(plan.Steps[0], () => new Prepare(), (s, v) => s.Version = v.GetString("version"), (s, o) => o.Set("draft", s.Draft)),
            StepDefinition.Create(plan.Steps[1], () => new Approve(), (s, v) => s.Draft = v.GetString("draft"), (s, o) => o.Set("decision", s.Decision)),
            StepDefinition.Create(plan.Steps[2], () => new Ship(), (s, v) => s.Decision = v.GetString("decision"), (s, o) => o.Set("shipped", s.Shipped)),
        ]);
    }

    public static VariableStore Variables(string version = "2.0.0")
    {
        var variables = new VariableStore();
        variables.Set("version", version);
        return variables;
    }

    private sealed class Prepare : IStep
    {
        public string Version { get; set; } = "";
        public string Draft { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Draft = "Release notes for " + Version;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Approve : IStep
    {
        public string Draft { get; set; } = "";
        public string Decision { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (context.WaitForSignal(Signal, "waiting for a release manager's approval")) return ValueTask.CompletedTask;
            context.TryGetSignal(Signal, ApprovalJson.Default.String, out var decision);
            if (decision != "approved")
            {
                context.Fail("the release was not approved: " + decision);
                return ValueTask.CompletedTask;
            }
            Decision = decision;
            context.Log("Approved");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Ship : IStep
    {
        public string Decision { get; set; } = "";
        public string Shipped { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Shipped = "shipped after " + Decision;
            context.Log("Shipped the release");
            return ValueTask.CompletedTask;
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class ApprovalJson : System.Text.Json.Serialization.JsonSerializerContext;

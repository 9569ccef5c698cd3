namespace IrlExec.Dashboard.Tests.Support;

/// <summary>
/// A three-step workflow written by hand, made to test what the dashboard shows: step 1 publishes an output holding a
/// <c>&lt;script&gt;</c> tag and logs with the secret token (which the runner masks) and a credential-looking string;
/// step 2 pauses for a human's approval until the variable <c>approved</c> is <c>yes</c>; step 3 reports a cost above its
/// estimate and records a state change.
/// </summary>
public static class ReviewWorkflow
{
    public const string Name = "review-pipeline";

    /// <summary>The output of step 1: what a hostile or careless step might publish.</summary>
    public const string ScriptOutput = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";

    /// <summary>A value passed as the secret variable: it must appear nowhere the dashboard sends.</summary>
    public const string SecretToken = "hunter2-correct-horse-battery-staple";

    /// <summary>A credential-looking text a step logs from a non-secret variable: the redactor masks it.</summary>
    public const string LeakedKey = "sk-live-0123456789abcdefXYZ";

    public static WorkflowDefinition Create(TimeSpan? stepDelay = null)
    {
        var delay = stepDelay ?? TimeSpan.Zero;
        var plan = new WorkflowPlan
        {
            Name = Name,
            Goal = "Review {{subject}} and publish the report",
            Variables =
            [
                new VariablePlan { Name = "subject", TypeName = "string", IsRequired = true },
                new VariablePlan { Name = "api_token", TypeName = "string", IsRequired = true, IsSecret = true },
                new VariablePlan { Name = "approved", TypeName = "string" },
            ],
            Steps =
            [
                new StepPlan
                {
                    Order = 1, Name = "collect", Component = "review.collect", ToolMapping = "Bash",
                    Inputs = [new StepInputPlan { Name = "subject", Reference = "{{subject}}" }, new StepInputPlan { Name = "api_token", Reference = "{{api_token}}", IsSecret = true }],
                    Outputs = [new StepOutputPlan { Name = "findings", Description = "what the review found" }],
                    EstimatedCost = 0.01m, EstimatedSeconds = 1, SideEffects = "none", HasSimulation = true,
                },
                new StepPlan
                {
                    Order = 2, Name = "approve", Component = "review.approve", ToolMapping = "Human",
                    // `approved` is read when set (a bound input must exist): the step pauses while it is not.
                    Inputs = [new StepInputPlan { Name = "findings", Reference = "{{findings}}" }],
                    Outputs = [new StepOutputPlan { Name = "decision", Description = "approved or not" }],
                    EstimatedCost = 0m, EstimatedSeconds = 0, SideEffects = "none",
                },
                new StepPlan
                {
                    Order = 3, Name = "publish", Component = "review.publish", ToolMapping = "Write",
                    Inputs = [new StepInputPlan { Name = "decision", Reference = "{{decision}}" }, new StepInputPlan { Name = "subject", Reference = "{{subject}}" }],
                    Outputs = [new StepOutputPlan { Name = "report", Description = "where the report went" }],
                    EstimatedCost = 0.04m, EstimatedSeconds = 2, SideEffects = "writes the report",
                },
            ],
        };
        return new WorkflowDefinition(plan,
        [
            StepDefinition.Create(plan.Steps[0], () => new Collect(delay),
                (s, v) => { s.Subject = v.GetString("subject"); s.Token = v.GetString("api_token"); },
                (s, o) => o.Set("findings", s.Findings)),
            StepDefinition.Create(plan.Steps[1], () => new Approve(delay),
                (s, v) => { s.Findings = v.GetString("findings"); s.Approved = v.Contains("approved") ? v.GetString("approved") : ""; },
                (s, o) => o.Set("decision", s.Decision)),
            StepDefinition.Create(plan.Steps[2], () => new Publish(delay),
                (s, v) => s.Subject = v.GetString("subject"),
                (s, o) => o.Set("report", s.Report)),
        ]);
    }

    /// <summary>The variables of a run: a subject, the secret token, and whether it is approved already.</summary>
    public static VariableStore Variables(string subject = "quarterly-numbers", bool approved = false)
    {
        var variables = new VariableStore();
        variables.Set("subject", subject);
        variables.Set("api_token", SecretToken, isSecret: true);
        if (approved) variables.Set("approved", "yes");
        return variables;
    }

    private sealed class Collect(TimeSpan delay) : IStep, ISimulatedStep
    {
        public string Subject { get; set; } = "";
        public string Token { get; set; } = "";
        public string Findings { get; set; } = "";

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            Findings = ScriptOutput;
            context.Log($"Collected findings for {Subject} with token {Token}");
            context.Log(ExecutionLogLevel.Warn, $"Debug: the key in use is {LeakedKey}");
            context.RecordToolCall("Bash", $"curl -H 'Authorization: Bearer {Token}' https://example.invalid/{Subject}", "<b>200 OK</b>");
        }

        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Findings = "(simulated findings)";
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Approve(TimeSpan delay) : IStep
    {
        public string Findings { get; set; } = "";
        public string Approved { get; set; } = "";
        public string Decision { get; set; } = "(simulated approval)";

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            if (Approved != "yes")
            {
                context.Pause("waiting for human approval of the findings");
                return;
            }
            Decision = "approved";
            context.Log("Approved by a human");
        }
    }

    private sealed class Publish(TimeSpan delay) : IStep
    {
        public string Subject { get; set; } = "";
        public string Report { get; set; } = "(simulated report)";

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            Report = $"reports/{Subject}.txt";
            context.ReportCost(0.05m);
            context.RecordStateChange("wrote " + Report);
            context.Log("Published the report to " + Report);
        }
    }
}

using IrlExec;

namespace HelloPipeline;

/// <summary>
/// A four-step workflow written by hand against the runtime engine (no generator): it shows variables flowing from
/// step to step and side effects made idempotent with <see cref="StepContext.IdempotencyKey"/>.
/// Every step appends one line to <c>workspace/side-effects.log</c>, at most once per execution, however often it is
/// interrupted and resumed.
/// </summary>
public static class HelloPipelineWorkflow
{
    public static WorkflowDefinition Create(string root, TimeSpan stepDelay)
    {
        var effects = new SideEffectFile(Path.Combine(root, "workspace", "side-effects.log"));
        var plan = new WorkflowPlan
        {
            Name = "hello-pipeline",
            Goal = "Greet {{audience}} through a four-step pipeline",
            Variables = [new VariablePlan { Name = "audience", TypeName = "string", IsRequired = true }],
            Steps =
            [
                new StepPlan
                {
                    Order = 1, Name = "gather", Component = "hello.gather", ToolMapping = "Read",
                    Inputs = [new StepInputPlan { Name = "audience", Reference = "{{audience}}" }],
                    Outputs = [new StepOutputPlan { Name = "names", TypeName = "List<string>", Description = "who to greet" }],
                    EstimatedCost = 0.01m, EstimatedSeconds = 1, SideEffects = "appends to workspace/side-effects.log",
                },
                new StepPlan
                {
                    Order = 2, Name = "compose", Component = "hello.compose", ToolMapping = "Write",
                    Inputs = [new StepInputPlan { Name = "names", Reference = "{{names}}", TypeName = "List<string>" }],
                    Outputs = [new StepOutputPlan { Name = "greeting", Description = "the greeting text" }],
                    EstimatedCost = 0.02m, EstimatedSeconds = 2, SideEffects = "appends to workspace/side-effects.log",
                },
                new StepPlan
                {
                    Order = 3, Name = "publish", Component = "hello.publish", ToolMapping = "Write",
                    Inputs = [new StepInputPlan { Name = "greeting", Reference = "{{greeting}}" }, new StepInputPlan { Name = "path", Reference = "workspace/{{audience}}-greeting.txt" }],
                    Outputs = [new StepOutputPlan { Name = "greeting_file", Description = "where the greeting was written" }],
                    EstimatedCost = 0.01m, EstimatedSeconds = 1, SideEffects = "writes workspace/<audience>-greeting.txt",
                },
                new StepPlan
                {
                    Order = 4, Name = "summarize", Component = "hello.summarize", ToolMapping = "Bash",
                    Inputs = [new StepInputPlan { Name = "greeting_file", Reference = "{{greeting_file}}" }],
                    Outputs = [new StepOutputPlan { Name = "summary", Description = "one-line summary" }],
                    EstimatedCost = 0.00m, EstimatedSeconds = 1, SideEffects = "appends to workspace/side-effects.log",
                },
            ],
        };

        return new WorkflowDefinition(plan,
        [
            StepDefinition.Create(plan.Steps[0], () => new Gather(effects, stepDelay),
                (s, v) => s.Audience = v.GetString("audience"),
                (s, o) => o.Set("names", s.Names, JsonTypes.StringList)),
            StepDefinition.Create(plan.Steps[1], () => new Compose(effects, stepDelay),
                (s, v) => s.Names = v.Get("names", JsonTypes.StringList),
                (s, o) => o.Set("greeting", s.Greeting)),
            StepDefinition.Create(plan.Steps[2], () => new Publish(effects, stepDelay, root),
                (s, v) => { s.Greeting = v.GetString("greeting"); s.Path = v.Render("workspace/{{audience}}-greeting.txt"); },
                (s, o) => o.Set("greeting_file", s.Path)),
            StepDefinition.Create(plan.Steps[3], () => new Summarize(effects, stepDelay),
                (s, v) => s.GreetingFile = v.GetString("greeting_file"),
                (s, o) => o.Set("summary", s.Summary)),
        ]);
    }

    private abstract class SlowStep(SideEffectFile effects, TimeSpan delay) : IStep
    {
        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            // Half the delay before the side effect and half after: a kill can land on either side of it.
            await Task.Delay(delay / 2, cancellationToken);
            Work(context);
            effects.AppendOnce(context.IdempotencyKey, Step(context));
            context.RecordStateChange("appended to workspace/side-effects.log");
            await Task.Delay(delay / 2, cancellationToken);
        }

        protected abstract void Work(StepContext context);

        private static string Step(StepContext context) => context.Step.Name;
    }

    private sealed class Gather(SideEffectFile effects, TimeSpan delay) : SlowStep(effects, delay)
    {
        public string Audience { get; set; } = "";
        public List<string> Names { get; set; } = ["(simulated)"];

        protected override void Work(StepContext context)
        {
            Names = [$"{Audience}-alice", $"{Audience}-bob", $"{Audience}-carol"];
            context.Log($"Gathered {Names.Count} names for {Audience}");
        }
    }

    private sealed class Compose(SideEffectFile effects, TimeSpan delay) : SlowStep(effects, delay)
    {
        public List<string> Names { get; set; } = [];
        public string Greeting { get; set; } = "(simulated greeting)";

        protected override void Work(StepContext context)
        {
            Greeting = "Hello, " + string.Join(", ", Names) + "!";
            context.ReportCost(0.02m);
            context.Log($"Composed a greeting of {Greeting.Length} characters");
        }
    }

    private sealed class Publish(SideEffectFile effects, TimeSpan delay, string root) : SlowStep(effects, delay)
    {
        public string Greeting { get; set; } = "";
        public string Path { get; set; } = "";

        protected override void Work(StepContext context)
        {
            // The path comes from the audience, which anyone starting the workflow chooses: keep it inside the root
            // ("../../x" is refused, and the step fails without a retry instead of writing elsewhere).
            var full = ConfinedPath.Under(root, Path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            AtomicFile.WriteAllText(full, Greeting + "\n"); // rewriting the same content is idempotent
            context.RecordStateChange("wrote " + Path);
            context.Log($"Published the greeting to {Path}");
        }
    }

    private sealed class Summarize(SideEffectFile effects, TimeSpan delay) : SlowStep(effects, delay)
    {
        public string GreetingFile { get; set; } = "";
        public string Summary { get; set; } = "(simulated summary)";

        protected override void Work(StepContext context)
        {
            Summary = $"greeting published to {GreetingFile}";
            context.Log(ExecutionLogLevel.Info, "Summary: " + Summary);
        }
    }
}

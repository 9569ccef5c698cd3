namespace IrlExec.CrashHarness;

/// <summary>Four steps, each with one side effect made idempotent with the step's idempotency key.</summary>
internal static class CrashWorkflow
{
    public static WorkflowDefinition Create(string root, KillPoint killAt)
    {
        var effects = Path.Combine(root, "workspace", "side-effects.log");
        var names = new[] { "gather", "compose", "publish", "summarize" };
        var plan = new WorkflowPlan
        {
            Name = "crash-harness",
            Goal = "Write four side effects, each exactly once",
            Steps = names.Select((name, i) => new StepPlan
            {
                Order = i + 1, Name = name, Component = "harness." + name,
                Outputs = [new StepOutputPlan { Name = name + "_done" }],
                SideEffects = "appends to workspace/side-effects.log",
            }).ToList(),
        };
        return new WorkflowDefinition(plan, plan.Steps.Select(step => StepDefinition.Create(step,
            () => new EffectStep(effects, killAt),
            publishOutputs: (s, outputs) => outputs.Set(step.Name + "_done", s.Done))).ToList());
    }

    /// <summary>A one-step workflow: a run that only opens the root.</summary>
    public static WorkflowDefinition Other()
    {
        var step = new StepPlan { Order = 1, Name = "noop", Component = "harness.noop" };
        return new WorkflowDefinition(new WorkflowPlan { Name = "other", Steps = [step] }, [StepDefinition.Create(step, () => new Noop())]);
    }

    private sealed class Noop : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class EffectStep(string effects, KillPoint killAt) : IStep
    {
        public string Done { get; private set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            AppendOnce(effects, context.IdempotencyKey, context.Step.Name);
            context.Log("appended " + context.Step.Name);
            if (killAt.Kind == KillKind.AfterEffect && killAt.Number == context.Step.Order) KillPoint.Die();
            Done = "yes";
            return ValueTask.CompletedTask;
        }

        private static void AppendOnce(string path, string key, string what)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            using var reader = new StreamReader(stream, leaveOpen: true);
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith(key + " ", StringComparison.Ordinal)) return;
            }
            stream.Seek(0, SeekOrigin.End);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(key + " " + what + "\n"));
            stream.Flush(flushToDisk: true);
        }
    }
}

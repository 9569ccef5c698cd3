namespace IrlExec.Tests.Support;

/// <summary>One step of a test workflow: a body that reads variables and fills string outputs.</summary>
public sealed record StepSpec(string Name, Func<StepContext, Dictionary<string, string>, ValueTask> Body)
{
    public IReadOnlyList<(string Name, string Reference)> Inputs { get; init; } = [];
    public IReadOnlyList<string> Outputs { get; init; } = [];
    public IReadOnlyList<string> SecretOutputs { get; init; } = [];
    public int MaxAttempts { get; init; } = 1;
    public int MaxRecoveryAttempts { get; init; } = StepPlan.DefaultMaxRecoveryAttempts;
    public Func<StepContext, Dictionary<string, string>, ValueTask>? Simulate { get; init; }
    public bool RunsInSimulation { get; init; }
    public decimal EstimatedCost { get; init; }
    public double EstimatedSeconds { get; init; }
    public IReadOnlyList<string> Signals { get; init; } = [];

    public static StepSpec Sync(string name, Action<StepContext, Dictionary<string, string>> body) =>
        new(name, (c, o) => { body(c, o); return ValueTask.CompletedTask; });
}

/// <summary>Builds hand-written workflows for engine tests, the way user code without the generator does.</summary>
public static class TestWorkflow
{
    public static WorkflowDefinition Create(string name, params StepSpec[] steps) => Create(name, "", [], steps);

    public static WorkflowDefinition Create(string name, string goal, IReadOnlyList<VariablePlan> variables, params StepSpec[] steps)
    {
        var plans = steps.Select((s, i) => new StepPlan
        {
            Order = i + 1,
            Name = s.Name,
            Component = "test." + s.Name,
            ToolMapping = "Test",
            Inputs = s.Inputs.Select(x => new StepInputPlan { Name = x.Name, Reference = x.Reference }).ToList(),
            Outputs = s.Outputs.Select(o => new StepOutputPlan { Name = o, IsSecret = s.SecretOutputs.Contains(o) }).ToList(),
            MaxAttempts = s.MaxAttempts,
            MaxRecoveryAttempts = s.MaxRecoveryAttempts,
            HasSimulation = s.Simulate is not null,
            RunsInSimulation = s.RunsInSimulation,
            EstimatedCost = s.EstimatedCost,
            EstimatedSeconds = s.EstimatedSeconds,
            Signals = s.Signals.Count == 0 ? null : s.Signals.Select(n => new StepSignalPlan { Name = n, TypeName = "string" }).ToList(),
        }).ToList();
        var plan = new WorkflowPlan { Name = name, Goal = goal, Variables = variables, Steps = plans };
        var definitions = steps.Select((s, i) => StepDefinition.Create(
            plans[i],
            () => s.Simulate is null ? new FuncStep(s) : new SimulatedFuncStep(s),
            publishOutputs: (step, outputs) =>
            {
                foreach (var (key, value) in step.Outputs) outputs.Set(key, value, isSecret: s.SecretOutputs.Contains(key));
            })).ToList();
        return new WorkflowDefinition(plan, definitions);
    }

    private class FuncStep(StepSpec spec) : IStep
    {
        public Dictionary<string, string> Outputs { get; } = [];

        protected StepSpec Spec => spec;

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => spec.Body(context, Outputs);
    }

    private sealed class SimulatedFuncStep(StepSpec spec) : FuncStep(spec), ISimulatedStep
    {
        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken) => Spec.Simulate!(context, Outputs);
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
public sealed class TempRoot : IDisposable
{
    public TempRoot() => Path = Directory.CreateTempSubdirectory("irlexec-test-").FullName;

    public string Path { get; }

    public ExecutionLayout Layout => new(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// A clock the test moves by hand. Its monotonic readings move with it too, so a step's measured duration is the
/// time the test advanced during it (zero unless it did), and two runs write the same bytes.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now.UtcTicks;

    public void Advance(TimeSpan by) => _now += by;
}

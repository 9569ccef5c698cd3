using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace IrlExec;

/// <summary>
/// IrlExec's traces and metrics, through <c>System.Diagnostics</c> only (no OpenTelemetry dependency): an
/// <see cref="ActivitySource"/> and a <see cref="Meter"/> both named <see cref="Name"/> (<c>IrlExec</c>). With
/// OpenTelemetry, <c>.WithTracing(t =&gt; t.AddSource("IrlExec"))</c> and <c>.WithMetrics(m =&gt; m.AddMeter("IrlExec"))</c>
/// collect them. Nothing is recorded (and nothing allocated for it) while nobody listens.
/// </summary>
/// <remarks>
/// Spans: one per run of an execution (<c>irlexec.run</c>: a start, or a resume), and a child per step attempt
/// (<c>irlexec.step</c>), with the <c>irlexec.*</c> attributes listed in docs/hosting.md; a failed attempt or a failed
/// execution has the error status. The run's trace context is kept in the history, so the span of a resumed run links
/// to the trace of the run that created the execution.
/// </remarks>
public static class IrlExecDiagnostics
{
    /// <summary>The name of the activity source and of the meter: <c>IrlExec</c>.</summary>
    public const string Name = "IrlExec";

    private static readonly string Version = typeof(IrlExecDiagnostics).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The source of the run and step spans.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    /// <summary>The meter of IrlExec's metrics.</summary>
    public static Meter Meter { get; } = new(Name, Version);

    internal static readonly Counter<long> StepsCompleted = Meter.CreateCounter<long>("irlexec.steps.completed", "{step}", "Step attempts that completed.");
    internal static readonly Counter<long> StepsFailed = Meter.CreateCounter<long>("irlexec.steps.failed", "{step}", "Step attempts that failed (an error, or the process stopped while they ran).");
    internal static readonly Counter<long> StepsRetried = Meter.CreateCounter<long>("irlexec.steps.retried", "{step}", "Failed step attempts followed by another attempt in the same run.");
    internal static readonly Counter<long> StepsPaused = Meter.CreateCounter<long>("irlexec.steps.paused", "{step}", "Step attempts that paused (asked by the step, waiting for a signal or a timer, or cancelled).");
    internal static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("irlexec.step.duration", "s", "How long step attempts ran.");
    internal static readonly Counter<double> Cost = Meter.CreateCounter<double>("irlexec.cost", "USD", "The actual cost step attempts reported.");
    internal static readonly UpDownCounter<long> ActiveExecutions = Meter.CreateUpDownCounter<long>("irlexec.executions.active", "{execution}", "Executions being run by this process.");

    internal static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;

    internal static ActivityLink[]? LinkTo(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? [new ActivityLink(context)] : null;

    internal static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The span and metrics of one run (start or resume) of an execution; a no-op when nobody listens.</summary>
internal sealed class RunTelemetry : IDisposable
{
    private readonly Activity? _activity;
    private readonly TagList _tags;
    private readonly bool _counted;

    private RunTelemetry(Activity? activity, TagList tags, bool counted)
    {
        _activity = activity;
        _tags = tags;
        _counted = counted;
    }

    public static readonly RunTelemetry None = new(null, default, false);

    /// <summary>Starts the run's span (a child of the caller's current span, if any), linked to <paramref name="linkTo"/>.</summary>
    public static RunTelemetry Start(string kind, string workflow, string executionId, ExecutionMode mode, string? linkTo)
    {
        var counted = IrlExecDiagnostics.ActiveExecutions.Enabled;
        var tags = new TagList { { "irlexec.workflow", workflow }, { "irlexec.mode", mode.ToWireName() } };
        if (counted) IrlExecDiagnostics.ActiveExecutions.Add(1, tags);
        if (!IrlExecDiagnostics.ActivitySource.HasListeners()) return counted ? new RunTelemetry(null, tags, true) : None;
        var activity = IrlExecDiagnostics.ActivitySource.StartActivity("irlexec.run", ActivityKind.Internal, parentContext: default, links: IrlExecDiagnostics.LinkTo(linkTo));
        if (activity is not null)
        {
            activity.DisplayName = $"{kind} {workflow}";
            activity.SetTag("irlexec.workflow", workflow);
            activity.SetTag("irlexec.execution_id", executionId);
            activity.SetTag("irlexec.mode", mode.ToWireName());
            activity.SetTag("irlexec.run", kind);
        }
        return new RunTelemetry(activity, tags, counted);
    }

    /// <summary>The W3C trace context of the run's span (null when not traced).</summary>
    public string? TraceParent => IrlExecDiagnostics.TraceParentOf(_activity);

    /// <summary>Records how the run ended.</summary>
    public void Ended(ExecutionState state)
    {
        if (_activity is null) return;
        _activity.SetTag("irlexec.status", StatusTransitions.ToWireName(state.Status));
        var metrics = state.ComputeMetrics();
        _activity.SetTag("irlexec.cost", (double)metrics.ActualCost);
        if (state.Status == ExecutionStatus.CompletedFailure || (state.Status == ExecutionStatus.Paused && state.FindStep(state.CurrentStep)?.Status == StepStatus.Failed))
        {
            _activity.SetStatus(ActivityStatusCode.Error, state.StatusReason);
        }
        else if (state.Status == ExecutionStatus.CompletedSuccess)
        {
            _activity.SetStatus(ActivityStatusCode.Ok);
        }
    }

    /// <summary>Records an exception that ended the run.</summary>
    public void Failed(Exception error)
    {
        if (_activity is null) return;
        _activity.SetStatus(ActivityStatusCode.Error, SecretRedactor.Redact(error.Message));
        _activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            { "exception.type", error.GetType().FullName },
            { "exception.message", SecretRedactor.Redact(error.Message) },
        }));
    }

    public void Dispose()
    {
        if (_counted) IrlExecDiagnostics.ActiveExecutions.Add(-1, _tags);
        _activity?.Dispose();
    }
}

/// <summary>The span and metrics of one step attempt; a no-op when nobody listens.</summary>
internal readonly struct StepTelemetry
{
    private readonly Activity? _activity;
    private readonly string _workflow;
    private readonly StepPlan _step;
    private readonly ExecutionMode _mode;

    private StepTelemetry(Activity? activity, string workflow, StepPlan step, ExecutionMode mode)
    {
        _activity = activity;
        _workflow = workflow;
        _step = step;
        _mode = mode;
    }

    public static StepTelemetry Start(ExecutionState state, StepPlan step, int attempt)
    {
        Activity? activity = null;
        if (IrlExecDiagnostics.ActivitySource.HasListeners())
        {
            activity = IrlExecDiagnostics.ActivitySource.StartActivity("irlexec.step", ActivityKind.Internal);
            if (activity is not null)
            {
                activity.DisplayName = $"step {step.Order} {step.Name}";
                activity.SetTag("irlexec.workflow", state.Workflow);
                activity.SetTag("irlexec.execution_id", state.ExecutionId);
                activity.SetTag("irlexec.mode", state.Mode.ToWireName());
                activity.SetTag("irlexec.step", step.Order);
                activity.SetTag("irlexec.step.name", step.Name);
                activity.SetTag("irlexec.attempt", attempt);
            }
        }
        return new StepTelemetry(activity, state.Workflow, step, state.Mode);
    }

    private TagList Tags() => new() { { "irlexec.workflow", _workflow }, { "irlexec.step.name", _step.Name }, { "irlexec.mode", _mode.ToWireName() } };

    private void Measure(decimal cost, double seconds)
    {
        if (IrlExecDiagnostics.StepDuration.Enabled) IrlExecDiagnostics.StepDuration.Record(seconds, Tags());
        if (IrlExecDiagnostics.Cost.Enabled && cost != 0) IrlExecDiagnostics.Cost.Add((double)cost, Tags());
        _activity?.SetTag("irlexec.cost", (double)cost);
    }

    public void Completed(decimal cost, double seconds)
    {
        Measure(cost, seconds);
        if (IrlExecDiagnostics.StepsCompleted.Enabled) IrlExecDiagnostics.StepsCompleted.Add(1, Tags());
        if (_activity is null) return;
        _activity.SetTag("irlexec.outcome", "completed");
        _activity.SetStatus(ActivityStatusCode.Ok);
        _activity.Dispose();
    }

    public void Failed(decimal cost, double seconds, string error)
    {
        Measure(cost, seconds);
        if (IrlExecDiagnostics.StepsFailed.Enabled) IrlExecDiagnostics.StepsFailed.Add(1, Tags());
        if (_activity is null) return;
        _activity.SetTag("irlexec.outcome", "failed");
        _activity.SetStatus(ActivityStatusCode.Error, error);
        _activity.Dispose();
    }

    public void Paused(decimal cost, double seconds, string reason)
    {
        Measure(cost, seconds);
        if (IrlExecDiagnostics.StepsPaused.Enabled) IrlExecDiagnostics.StepsPaused.Add(1, Tags());
        if (_activity is null) return;
        _activity.SetTag("irlexec.outcome", "paused");
        _activity.SetTag("irlexec.pause_reason", reason);
        _activity.Dispose();
    }

    public static void Retried(ExecutionState state, StepPlan step)
    {
        if (IrlExecDiagnostics.StepsRetried.Enabled) IrlExecDiagnostics.StepsRetried.Add(1, new StepTelemetry(null, state.Workflow, step, state.Mode).Tags());
    }
}

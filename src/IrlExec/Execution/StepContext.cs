using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IrlExec;

/// <summary>
/// What a running step can see and do: the execution's id and mode, the variables (read-only), logging, cost and
/// tool-call recording, and asking to pause or fail. Everything recorded goes into the execution's history.
/// </summary>
public sealed class StepContext
{
    private readonly ExecutionSession _session;
    // Only when the run has services (a context is made per attempt: one reference when it has none). Also the lock: a
    // step may ask from several threads.
    private readonly AttemptServices? _services;

    internal StepContext(ExecutionSession session, StepPlan step, int attempt, Func<StepServiceScope>? createServices = null)
    {
        _session = session;
        Step = step;
        Attempt = attempt;
        if (createServices is not null) _services = new AttemptServices(createServices);
    }

    private sealed class AttemptServices(Func<StepServiceScope> create)
    {
        public readonly Func<StepServiceScope> Create = create;
        public StepServiceScope? Scope;
        public bool Ended;
    }

    /// <summary>The execution id.</summary>
    public string ExecutionId => _session.State.ExecutionId;

    /// <summary>The workflow name.</summary>
    public string Workflow => _session.State.Workflow;

    /// <summary>SIMULATION or EXECUTION.</summary>
    public ExecutionMode Mode => _session.State.Mode;

    /// <summary>The step that is running.</summary>
    public StepPlan Step { get; }

    /// <summary>The attempt number of this step, starting at 1 (higher after a retry or a resume).</summary>
    public int Attempt { get; }

    /// <summary>
    /// A key that is the same for every attempt of this step in this execution (<c>&lt;execution id&gt;/&lt;step&gt;</c>):
    /// use it to make side effects idempotent, since a step can run again after a crash or a pause.
    /// </summary>
    public string IdempotencyKey => ExecutionId + "/" + Step.Order.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// This attempt's services: a scope made on first use through <see cref="RunOptions.StepServices"/> (a fresh DI scope
    /// per attempt in a host set up with IrlExec.Hosting's <c>AddIrlExec</c>) and disposed when the attempt ends; null when
    /// the run has none. Steps usually declare what they need as <see cref="ServiceAttribute"/> properties instead.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The attempt has ended (its scope is disposed).</exception>
    public IServiceProvider? Services
    {
        get
        {
            if (_services is not { } services) return null;
            lock (services)
            {
                ObjectDisposedException.ThrowIf(services.Ended, this);
                services.Scope ??= services.Create() ?? throw new InvalidOperationException("RunOptions.StepServices returned null.");
                return services.Scope.Services;
            }
        }
    }

    /// <summary>The execution's variables, read-only.</summary>
    public IReadOnlyVariables Variables => _session.Variables;

    // The same store, for the generated bindings' reads by position.
    internal VariableStore Store => _session.Variables;

    /// <summary>
    /// The current time on the runner's clock (the <see cref="TimeProvider"/> it was given; the system clock by default).
    /// Use it for the times a step compares or records (a deadline, a day's date), so a test's clock reaches the step too.
    /// </summary>
    public DateTimeOffset Now => _session.Now;

    /// <summary>Whether the execution has been resumed (after a pause, a failure or a crash).</summary>
    public bool IsResumed => _session.State.Training.StateTransitions.Any(t => t.To == ExecutionStatus.Resumed);

    // Called by the runner when the attempt ends: disposes the attempt's services, if any were made.
    internal ValueTask EndServicesAsync()
    {
        if (_services is not { } services) return default;
        StepServiceScope? scope;
        lock (services)
        {
            services.Ended = true;
            scope = services.Scope;
            services.Scope = null;
        }
        return scope?.DisposeAsync() ?? default;
    }

    internal decimal ReportedCost => _reports?.Cost ?? 0m;

    // What the attempt reported (a cost) or asked for (to stop), made when it first does (most attempts never do: a
    // context is made per attempt).
    private AttemptReports? _reports;

    private AttemptReports Reports => _reports ??= new AttemptReports();

    internal string? PauseReason => _reports?.PauseReason;

    // What a pause waits for: a signal's name, or a time.
    internal string? AwaitedSignal => _reports?.AwaitedSignal;

    internal DateTimeOffset? WakeAt => _reports?.WakeAt;

    internal string? FailureReason => _reports?.FailureReason;

    private sealed class AttemptReports
    {
        public decimal Cost;
        public string? PauseReason;
        public string? AwaitedSignal;
        public DateTimeOffset? WakeAt;
        public string? FailureReason;
    }

    // A pause asked by the step: why, and what it waits for (a signal, a time, or nothing).
    private void PauseWith(string reason, string? awaitedSignal, DateTimeOffset? wakeAt)
    {
        var stop = Reports;
        stop.PauseReason = reason;
        stop.AwaitedSignal = awaitedSignal;
        stop.WakeAt = wakeAt;
    }

    /// <summary>
    /// Whether a line at <paramref name="level"/> is written: it is at least the run's
    /// <see cref="RunOptions.MinimumLogLevel"/>. Check it before building an expensive message; generated log methods
    /// (<see cref="StepLogAttribute"/>) do, and format nothing when it is false.
    /// </summary>
    public bool IsEnabled(ExecutionLogLevel level) => level >= _session.MinimumLogLevel;

    /// <summary>
    /// Writes a log line (<c>[TIMESTAMP] [LEVEL] [WORKFLOW] [STEP] Message</c>). Secrets are masked. Nothing is written
    /// when <paramref name="level"/> is below the run's <see cref="RunOptions.MinimumLogLevel"/>.
    /// </summary>
    public void Log(ExecutionLogLevel level, string message)
    {
        if (!IsEnabled(level)) return;
        _session.Record(new ExecutionEvent { Kind = ExecutionEventKind.LogWritten, Step = Step.Order, Level = level, Message = _session.Redact(message) });
    }

    /// <summary>
    /// Writes a log line with named values: what a generated log method (<see cref="StepLogAttribute"/>) calls. The line
    /// is <paramref name="message"/>, written as <see cref="Log(ExecutionLogLevel, string)"/> writes it; the history keeps
    /// <paramref name="template"/> and <paramref name="values"/> with it (in <see cref="ExecutionEvent.Name"/> and
    /// <see cref="ExecutionEvent.Values"/>), and IrlExec.Hosting passes them to <c>ILogger</c> as the event's
    /// <c>{OriginalFormat}</c> and structured properties. Secrets are masked in the message and in every value.
    /// </summary>
    /// <param name="level">The line's level; nothing is written below the run's <see cref="RunOptions.MinimumLogLevel"/>.</param>
    /// <param name="message">The formatted message.</param>
    /// <param name="template">The message template it was formatted from (<c>Analyzing incident {IncidentId}</c>).</param>
    /// <param name="values">The placeholders' names and formatted values; the array and its items are kept (values masked in place).</param>
    public void Log(ExecutionLogLevel level, string message, string template, NamedValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!IsEnabled(level)) return;
        var list = new List<NamedValue>(values.Length);
        foreach (var value in values)
        {
            value.Value = _session.Redact(value.Value);
            list.Add(value);
        }
        _session.Record(new ExecutionEvent
        {
            Kind = ExecutionEventKind.LogWritten, Step = Step.Order, Level = level, Message = _session.Redact(message),
            Name = _session.Redact(template), Values = list,
        });
    }

    /// <summary>Writes an INFO log line.</summary>
    public void Log(string message) => Log(ExecutionLogLevel.Info, message);

    /// <summary>Adds <paramref name="cost"/> dollars to this attempt's actual cost.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The cost is negative.</exception>
    public void ReportCost(decimal cost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        Reports.Cost += cost;
    }

    /// <summary>Records a tool invocation (training data <c>tool_calls</c>). Secrets are masked in all three texts.</summary>
    public void RecordToolCall(string tool, string arguments = "", string result = "") =>
        _session.Record(new ExecutionEvent { Kind = ExecutionEventKind.ToolCallRecorded, Step = Step.Order, Name = _session.Redact(tool), Value = _session.Redact(arguments), Result = _session.Redact(result) });

    /// <summary>Records a change outside the execution, such as a file created or modified (<c>state_changes</c>). Secrets are masked.</summary>
    public void RecordStateChange(string description) =>
        _session.Record(new ExecutionEvent { Kind = ExecutionEventKind.StateChangeRecorded, Step = Step.Order, Message = _session.Redact(description) });

    /// <summary>
    /// Records a conversation message (training data <c>conversation_trace</c>), e.g. role <c>user</c> or <c>assistant</c>.
    /// Secrets are masked in the role and the text.
    /// </summary>
    public void RecordMessage(string role, string text) =>
        _session.Record(new ExecutionEvent { Kind = ExecutionEventKind.MessageRecorded, Step = Step.Order, Name = _session.Redact(role), Message = _session.Redact(text) });

    /// <summary>
    /// Asks to pause the execution: when the step returns, this attempt does not complete (its outputs are dropped), the
    /// execution becomes PAUSED with <paramref name="reason"/> (secrets masked), and a resume runs this step again.
    /// Return after calling it.
    /// </summary>
    /// <remarks>
    /// A pause is not a failure: the step is shown <c>PAUSED</c>, the attempt is logged at INFO as paused (not as an error)
    /// and does not count as a failed attempt. A hosted worker does not wake an execution paused this way; a resume does
    /// (with the variables a human decided, for instance). To be woken by a signal or a time, use
    /// <see cref="WaitForSignal(string, string?)"/> or <see cref="PauseUntil"/>.
    /// </remarks>
    public void Pause(string reason)
    {
        PauseWith(string.IsNullOrWhiteSpace(reason) ? "paused by the step" : reason, null, null);
    }

    /// <summary>
    /// Waits for the signal <paramref name="name"/>: returns false when it has been delivered (read it with
    /// <see cref="TryGetSignal{T}"/>), and true when it has not, in which case
    /// the attempt pauses like <see cref="Pause"/> when the step returns (return after calling it), and the execution
    /// is woken when the signal arrives (by a hosted worker, or by a resume). A signal delivered before the step waits
    /// is kept: the wait then returns false at once.
    /// </summary>
    /// <param name="name">The signal, one of the step's <see cref="StepPlan.Signals"/>.</param>
    /// <param name="reason">Why the execution waits, shown as its status reason; by default <c>waiting for signal 'name'</c>.</param>
    /// <exception cref="WorkflowException">The step's plan does not declare the signal.</exception>
    public bool WaitForSignal(string name, string? reason = null)
    {
        RequireSignal(name);
        if (_session.State.FindSignal(name) is not null) return false;
        PauseWith(string.IsNullOrWhiteSpace(reason) ? $"waiting for signal '{name}'" : reason, name, null);
        return true;
    }

    /// <summary>
    /// Waits for the signal <paramref name="name"/>, at most until <paramref name="until"/>: returns false when the signal
    /// has been delivered or that time has come (tell them apart with <see cref="TryGetSignal{T}"/>), and true otherwise,
    /// in which case the attempt pauses when the step returns (return after calling it) and the execution is woken by
    /// whichever comes first: the signal, or the time (a durable timer, recorded in the history).
    /// </summary>
    /// <param name="name">The signal, one of the step's <see cref="StepPlan.Signals"/>.</param>
    /// <param name="until">When to stop waiting; compute it from something that stays the same between attempts.</param>
    /// <param name="reason">Why the execution waits, shown as its status reason; by default <c>waiting for signal 'name' until time</c>.</param>
    /// <exception cref="WorkflowException">The step's plan does not declare the signal.</exception>
    public bool WaitForSignal(string name, DateTimeOffset until, string? reason = null)
    {
        RequireSignal(name);
        if (_session.State.FindSignal(name) is not null || until <= _session.Now) return false;
        var wakeAt = until.ToUniversalTime();
        PauseWith(string.IsNullOrWhiteSpace(reason) ? $"waiting for signal '{name}' until {MarkdownValueCodec.FormatTimestamp(wakeAt)}" : reason, name, wakeAt);
        return true;
    }

    /// <summary>
    /// The payload of the last signal <paramref name="name"/> delivered to the execution, as <typeparamref name="T"/>;
    /// false when none has arrived.
    /// </summary>
    /// <exception cref="WorkflowException">The step's plan does not declare the signal, or its payload is not a <typeparamref name="T"/>.</exception>
    public bool TryGetSignal<T>(string name, JsonTypeInfo<T> typeInfo, out T value)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        RequireSignal(name);
        value = default!;
        if (_session.State.FindSignal(name) is not { } signal) return false;
        try
        {
            value = JsonSerializer.Deserialize(signal.Json, typeInfo)!;
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"The payload of signal '{name}' ({signal.Json}) cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
        return true;
    }

    /// <summary>
    /// Pauses the attempt until <paramref name="wakeAt"/> (a durable timer, recorded in the history): returns true when
    /// that time is still ahead (the attempt pauses when the step returns; return after calling it; a hosted worker
    /// resumes the execution once it is due), false when it has come (carry on).
    /// </summary>
    /// <remarks>The step runs again from its start when woken: compute <paramref name="wakeAt"/> from something that stays the same between attempts, or use <see cref="PauseFor"/>.</remarks>
    public bool PauseUntil(DateTimeOffset wakeAt, string? reason = null)
    {
        if (wakeAt <= _session.Now) return false;
        PauseWith(string.IsNullOrWhiteSpace(reason) ? "waiting until " + MarkdownValueCodec.FormatTimestamp(wakeAt.ToUniversalTime()) : reason, null, wakeAt.ToUniversalTime());
        return true;
    }

    /// <summary>
    /// Pauses the attempt for <paramref name="delay"/> counted from the first time this step asked (the timer is kept in
    /// the history, so the next attempt finds it): true while it runs (return after calling it), false once it is over.
    /// </summary>
    public bool PauseFor(TimeSpan delay, string? reason = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        var state = _session.State;
        var due = state.WakeAt is { } recorded && state.CurrentStep == Step.Order ? recorded : _session.Now + delay;
        return PauseUntil(due, reason);
    }

    private void RequireSignal(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Step.Signals is { } signals)
        {
            foreach (var signal in signals)
            {
                if (signal.Name == name) return;
            }
        }
        throw new WorkflowException($"Step {Step.Order} ({Step.Name}) uses signal '{name}', which its plan does not declare: list it in the step's StepPlan.Signals.");
    }

    /// <summary>
    /// Fails the step for good: when it returns, the execution ends as COMPLETED_FAILURE with <paramref name="reason"/>
    /// (secrets masked; no retry, no pause). Return after calling it. Throw an exception instead for a failure that a retry or resume may fix.
    /// </summary>
    public void Fail(string reason) => Reports.FailureReason = string.IsNullOrWhiteSpace(reason) ? "failed by the step" : reason;
}

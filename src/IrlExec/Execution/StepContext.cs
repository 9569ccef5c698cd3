namespace IrlExec;

/// <summary>
/// What a running step can see and do: the execution's id and mode, the variables (read-only), logging, cost and
/// tool-call recording, and asking to pause or fail. Everything recorded goes into the execution's history.
/// </summary>
public sealed class StepContext
{
    private readonly ExecutionSession _session;

    internal StepContext(ExecutionSession session, StepPlan step, int attempt)
    {
        _session = session;
        Step = step;
        Attempt = attempt;
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

    /// <summary>The execution's variables, read-only.</summary>
    public IReadOnlyVariables Variables => _session.Variables;

    // The same store, for the generated bindings' reads by position.
    internal VariableStore Store => _session.Variables;

    /// <summary>Whether the execution has been resumed (after a pause, a failure or a crash).</summary>
    public bool IsResumed => _session.State.Training.StateTransitions.Any(t => t.To == ExecutionStatus.Resumed);

    internal decimal ReportedCost { get; private set; }

    internal string? PauseReason { get; private set; }

    internal string? FailureReason { get; private set; }

    /// <summary>Writes a log line (<c>[TIMESTAMP] [LEVEL] [WORKFLOW] [STEP] Message</c>). Secrets are masked.</summary>
    public void Log(ExecutionLogLevel level, string message) =>
        _session.Record(new ExecutionEvent { Kind = ExecutionEventKind.LogWritten, Step = Step.Order, Level = level, Message = _session.Redact(message) });

    /// <summary>Writes an INFO log line.</summary>
    public void Log(string message) => Log(ExecutionLogLevel.Info, message);

    /// <summary>Adds <paramref name="cost"/> dollars to this attempt's actual cost.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The cost is negative.</exception>
    public void ReportCost(decimal cost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        ReportedCost += cost;
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
    public void Pause(string reason) => PauseReason = string.IsNullOrWhiteSpace(reason) ? "paused by the step" : reason;

    /// <summary>
    /// Fails the step for good: when it returns, the execution ends as COMPLETED_FAILURE with <paramref name="reason"/>
    /// (secrets masked; no retry, no pause). Return after calling it. Throw an exception instead for a failure that a retry or resume may fix.
    /// </summary>
    public void Fail(string reason) => FailureReason = string.IsNullOrWhiteSpace(reason) ? "failed by the step" : reason;
}

namespace IrlExec;

/// <summary>What an <see cref="ExecutionEvent"/> records.</summary>
public enum ExecutionEventKind
{
    /// <summary>The execution was created: workflow, goal, mode, run label and plan (<see cref="ExecutionEvent.PlanShape"/>).</summary>
    ExecutionCreated = 0,
    /// <summary>The execution status changed (<see cref="ExecutionEvent.FromStatus"/> → <see cref="ExecutionEvent.Status"/>; reason in <see cref="ExecutionEvent.Message"/>).</summary>
    StatusChanged = 1,
    /// <summary>A step attempt started (<see cref="ExecutionEvent.Step"/>, <see cref="ExecutionEvent.Attempt"/>; bound inputs in <see cref="ExecutionEvent.Values"/>).</summary>
    StepStarted = 2,
    /// <summary>A step attempt completed (cost, seconds; published outputs in <see cref="ExecutionEvent.Values"/>).</summary>
    StepCompleted = 3,
    /// <summary>A step attempt failed or was interrupted by the process stopping (error in <see cref="ExecutionEvent.Message"/>).</summary>
    StepFailed = 4,
    /// <summary>A variable was set (<see cref="ExecutionEvent.Name"/>, JSON in <see cref="ExecutionEvent.Value"/>, <c>"***"</c> when secret).</summary>
    VariableSet = 5,
    /// <summary>A log line (<see cref="ExecutionEvent.Level"/>, <see cref="ExecutionEvent.Message"/>).</summary>
    LogWritten = 6,
    /// <summary>A tool call (<see cref="ExecutionEvent.Name"/> the tool, <see cref="ExecutionEvent.Value"/> arguments, <see cref="ExecutionEvent.Result"/>).</summary>
    ToolCallRecorded = 7,
    /// <summary>A change outside the execution, such as a file written (<see cref="ExecutionEvent.Message"/>).</summary>
    StateChangeRecorded = 8,
    /// <summary>A conversation message (<see cref="ExecutionEvent.Name"/> the role, <see cref="ExecutionEvent.Message"/> the text).</summary>
    MessageRecorded = 9,
    /// <summary>A change of definition accepted on resume (details in <see cref="ExecutionEvent.Message"/>).</summary>
    PlanMigrated = 10,
    /// <summary>
    /// The history was started from a state read elsewhere (an <c>execution_state.md</c>, when the history was missing):
    /// <see cref="ExecutionEvent.RestoredState"/> holds it whole.
    /// </summary>
    StateRestored = 11,
    /// <summary>
    /// A step attempt paused: asked by the step (<see cref="StepContext.Pause"/>, <see cref="StepContext.WaitForSignal(string, string?)"/>,
    /// <see cref="StepContext.PauseUntil"/>) or cancelled. Not a failure. The reason is in <see cref="ExecutionEvent.Message"/>,
    /// the awaited signal in <see cref="ExecutionEvent.Name"/>, the timer in <see cref="ExecutionEvent.WakeAt"/>; cost and
    /// seconds as for a completion.
    /// </summary>
    StepPaused = 12,
    /// <summary>
    /// A signal was delivered to the execution: <see cref="ExecutionEvent.Name"/> the signal, <see cref="ExecutionEvent.Value"/>
    /// its payload as JSON, <see cref="ExecutionEvent.SignalId"/> its id (a signal is recorded once), <see cref="ExecutionEvent.Actor"/> who sent it.
    /// </summary>
    SignalReceived = 13,
}

/// <summary>
/// One record of an execution's append-only history. Records are only ever appended; replaying them in order rebuilds
/// the <see cref="ExecutionState"/>. Fields not used by a <see cref="Kind"/> are null.
/// </summary>
public sealed class ExecutionEvent
{
    /// <summary>The record number within the execution, starting at 1, without gaps.</summary>
    public long Sequence { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>What the record is.</summary>
    public ExecutionEventKind Kind { get; set; }

    /// <summary>The step concerned, when there is one.</summary>
    public int? Step { get; set; }

    /// <summary>The step attempt, for step events.</summary>
    public int? Attempt { get; set; }

    /// <summary>The new execution status (StatusChanged).</summary>
    public ExecutionStatus? Status { get; set; }

    /// <summary>The previous execution status (StatusChanged).</summary>
    public ExecutionStatus? FromStatus { get; set; }

    /// <summary>A name: the variable, the tool, or the message role.</summary>
    public string? Name { get; set; }

    /// <summary>A value: the variable's JSON, or the tool call's arguments.</summary>
    public string? Value { get; set; }

    /// <summary>The tool call's result.</summary>
    public string? Result { get; set; }

    /// <summary>A text: the log message, the reason, the error, or the message text.</summary>
    public string? Message { get; set; }

    /// <summary>The log level (LogWritten).</summary>
    public ExecutionLogLevel? Level { get; set; }

    /// <summary>Whether <see cref="Value"/> is a secret (then written as <c>"***"</c>).</summary>
    public bool? IsSecret { get; set; }

    /// <summary>The actual cost of a step attempt, in dollars.</summary>
    public decimal? Cost { get; set; }

    /// <summary>The actual duration of a step attempt, in seconds.</summary>
    public double? Seconds { get; set; }

    /// <summary>Named values: bound inputs (StepStarted) or published outputs (StepCompleted).</summary>
    public List<NamedValue>? Values { get; set; }

    /// <summary>The execution id (ExecutionCreated).</summary>
    public string? ExecutionId { get; set; }

    /// <summary>The workflow name (ExecutionCreated).</summary>
    public string? Workflow { get; set; }

    /// <summary>The rendered goal (ExecutionCreated).</summary>
    public string? Goal { get; set; }

    /// <summary>The mode (ExecutionCreated).</summary>
    public ExecutionMode? Mode { get; set; }

    /// <summary>The run label (ExecutionCreated).</summary>
    public string? RunLabel { get; set; }

    /// <summary>Who started the execution (ExecutionCreated).</summary>
    public string? Actor { get; set; }

    /// <summary>The plan fingerprint (ExecutionCreated, PlanMigrated).</summary>
    public string? PlanFingerprint { get; set; }

    /// <summary>The definition version (ExecutionCreated, PlanMigrated).</summary>
    public int? PlanVersion { get; set; }

    /// <summary>
    /// The plan's steps, all PENDING (ExecutionCreated, PlanMigrated), in histories written before 2026-12-03 (IrlExec
    /// 0.1.0 builds before then). The runner no longer writes it: each step follows from <see cref="PlanShape"/> (PENDING,
    /// inputs as their <c>{{references}}</c>, expected outputs as described or typed), and replaying a record without it
    /// derives them from there.
    /// </summary>
    public List<StepState>? Plan { get; set; }

    /// <summary>The whole plan with its types (ExecutionCreated, PlanMigrated): what a resume compares a changed definition with.</summary>
    public WorkflowPlan? PlanShape { get; set; }

    /// <summary>What changed in the definition, one entry per difference (PlanMigrated).</summary>
    public List<string>? Changes { get; set; }

    /// <summary>Whether the migration was an explicit one (a raised version mapped by a migration hook: <c>[WorkflowMigration]</c> or <c>RunOptions.Migration</c>) rather than a compatible change (PlanMigrated).</summary>
    public bool? ExplicitMigration { get; set; }

    /// <summary>The whole state the history starts from (StateRestored).</summary>
    public ExecutionState? RestoredState { get; set; }

    /// <summary>When a paused step asked to be woken (StepPaused by <see cref="StepContext.PauseUntil"/>).</summary>
    public DateTimeOffset? WakeAt { get; set; }

    /// <summary>The id of a delivered signal (SignalReceived), unique in the execution.</summary>
    public string? SignalId { get; set; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the run that recorded it (ExecutionCreated, and the StatusChanged to RESUMED of each
    /// resume): a later run's span links to it (see <see cref="IrlExecDiagnostics"/>).
    /// </summary>
    public string? TraceParent { get; set; }
}

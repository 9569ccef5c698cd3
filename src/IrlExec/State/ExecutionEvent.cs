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
    /// <summary>
    /// A log line (<see cref="ExecutionEvent.Level"/>, <see cref="ExecutionEvent.Message"/>); from a generated log method
    /// also its template (<see cref="ExecutionEvent.Name"/>) and the placeholders' values (<see cref="ExecutionEvent.Values"/>).
    /// </summary>
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
    // Layout: a step's records (started, variable set, completed, log line) use a few members, and an execution holds
    // thousands of them (the in-memory store and the live state keep every one): those members are stored inline, with
    // their nullable value types packed behind one byte of flags; the members of the rare kinds (creation, status
    // change, migration, restore, tool call, signal, pause) live in a side object made on first use. Every property
    // reads and writes as a plain nullable property would.
    // The timestamp is kept as its clock ticks and offset, and the cost as a 64-bit mantissa and a scale (a cost that
    // does not fit lives in the side object): 112 bytes a record instead of 128.
    private const byte HasStep = 1, HasAttempt = 2, HasLevel = 4, HasIsSecret = 8, HasCost = 16, HasSeconds = 32, CostInDetails = 64;
    private byte _has;
    private bool _isSecret;
    private byte _costScale;
    private short _offsetMinutes;
    private ExecutionLogLevel _level;
    private int _step;
    private int _attempt;
    private long _clockTicks;
    private double _seconds;
    private long _costUnits;
    private Details? _details;

    private Details DetailsOrNew => _details ??= new Details();

    /// <summary>A copy that shares nothing it could change with this record (its named values are new pairs in a new list).</summary>
    internal ExecutionEvent Copy()
    {
        var copy = (ExecutionEvent)MemberwiseClone();
        copy._details = _details?.Copy();
        if (Values is { } values)
        {
            var pairs = new List<NamedValue>(values.Count);
            foreach (var value in values) pairs.Add(value is null ? null! : new NamedValue { Name = value.Name, Value = value.Value });
            copy.Values = pairs;
        }
        return copy;
    }

    /// <summary>Clears every member, for the record to be used again as a new one (its named values list is let go, not cleared).</summary>
    internal void Reset()
    {
        _has = 0;
        _isSecret = false;
        _costScale = 0;
        _offsetMinutes = 0;
        _level = default;
        _step = 0;
        _attempt = 0;
        _clockTicks = 0;
        _seconds = 0;
        _costUnits = 0;
        _details = null;
        Sequence = 0;
        Kind = default;
        Name = null;
        Value = null;
        Message = null;
        Values = null;
    }

    /// <summary>Whether a member of the rare kinds is set (none is for a step's started, variable, completed or log record).</summary>
    internal bool HasDetails => _details is not null;

    /// <summary>The record number within the execution, starting at 1, without gaps.</summary>
    public long Sequence { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset Timestamp
    {
        get => new(_clockTicks, new TimeSpan(_offsetMinutes * TimeSpan.TicksPerMinute));
        set
        {
            _clockTicks = value.Ticks;
            _offsetMinutes = (short)(value.Offset.Ticks / TimeSpan.TicksPerMinute); // an offset is whole minutes, within ±14 hours
        }
    }

    /// <summary>What the record is.</summary>
    public ExecutionEventKind Kind { get; set; }

    /// <summary>The step concerned, when there is one.</summary>
    public int? Step
    {
        get => (_has & HasStep) != 0 ? _step : null;
        set
        {
            _step = value.GetValueOrDefault();
            _has = value.HasValue ? (byte)(_has | HasStep) : (byte)(_has & ~HasStep);
        }
    }

    /// <summary>The step attempt, for step events.</summary>
    public int? Attempt
    {
        get => (_has & HasAttempt) != 0 ? _attempt : null;
        set
        {
            _attempt = value.GetValueOrDefault();
            _has = value.HasValue ? (byte)(_has | HasAttempt) : (byte)(_has & ~HasAttempt);
        }
    }

    /// <summary>The new execution status (StatusChanged).</summary>
    public ExecutionStatus? Status
    {
        get => _details?.Status;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.Status = value;
        }
    }

    /// <summary>The previous execution status (StatusChanged).</summary>
    public ExecutionStatus? FromStatus
    {
        get => _details?.FromStatus;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.FromStatus = value;
        }
    }

    /// <summary>A name: the variable, the tool, the message role, or a log line's message template.</summary>
    public string? Name { get; set; }

    /// <summary>A value: the variable's JSON, or the tool call's arguments.</summary>
    public string? Value { get; set; }

    /// <summary>The tool call's result.</summary>
    public string? Result
    {
        get => _details?.Result;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.Result = value;
        }
    }

    /// <summary>A text: the log message, the reason, the error, or the message text.</summary>
    public string? Message { get; set; }

    /// <summary>The log level (LogWritten).</summary>
    public ExecutionLogLevel? Level
    {
        get => (_has & HasLevel) != 0 ? _level : null;
        set
        {
            _level = value.GetValueOrDefault();
            _has = value.HasValue ? (byte)(_has | HasLevel) : (byte)(_has & ~HasLevel);
        }
    }

    /// <summary>Whether <see cref="Value"/> is a secret (then written as <c>"***"</c>).</summary>
    public bool? IsSecret
    {
        get => (_has & HasIsSecret) != 0 ? _isSecret : null;
        set
        {
            _isSecret = value.GetValueOrDefault();
            _has = value.HasValue ? (byte)(_has | HasIsSecret) : (byte)(_has & ~HasIsSecret);
        }
    }

    /// <summary>The actual cost of a step attempt, in dollars.</summary>
    public decimal? Cost
    {
        get
        {
            if ((_has & HasCost) == 0) return null;
            if ((_has & CostInDetails) != 0) return _details!.Cost;
            var units = _costUnits;
            var negative = units < 0;
            var magnitude = negative ? (ulong)-units : (ulong)units;
            return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative, _costScale);
        }
        set
        {
            _has = (byte)(_has & ~(HasCost | CostInDetails));
            _costUnits = 0;
            _costScale = 0;
            if (_details is not null) _details.Cost = null;
            if (value is not { } cost) return;
            _has |= HasCost;
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(cost, bits);
            var magnitude = (ulong)(uint)bits[0] | ((ulong)(uint)bits[1] << 32);
            var negative = bits[3] < 0;
            if (bits[2] == 0 && magnitude <= long.MaxValue)
            {
                // Sign and scale as the decimal has them (also -0 and 1.10 keep theirs).
                _costUnits = negative ? -(long)magnitude : (long)magnitude;
                _costScale = (byte)((bits[3] >> 16) & 0xFF);
                if (negative && magnitude == 0) DetailsOrNew.Cost = cost; // -0: no sign in a 64-bit zero
                else return;
            }
            else
            {
                DetailsOrNew.Cost = cost;
            }
            _has |= CostInDetails;
        }
    }

    /// <summary>The actual duration of a step attempt, in seconds.</summary>
    public double? Seconds
    {
        get => (_has & HasSeconds) != 0 ? _seconds : null;
        set
        {
            _seconds = value.GetValueOrDefault();
            _has = value.HasValue ? (byte)(_has | HasSeconds) : (byte)(_has & ~HasSeconds);
        }
    }

    /// <summary>Named values: bound inputs (StepStarted), published outputs (StepCompleted), or a log line's placeholder values (LogWritten).</summary>
    public List<NamedValue>? Values { get; set; }

    /// <summary>The execution id (ExecutionCreated).</summary>
    public string? ExecutionId
    {
        get => _details?.ExecutionId;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.ExecutionId = value;
        }
    }

    /// <summary>The workflow name (ExecutionCreated).</summary>
    public string? Workflow
    {
        get => _details?.Workflow;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.Workflow = value;
        }
    }

    /// <summary>The rendered goal (ExecutionCreated).</summary>
    public string? Goal
    {
        get => _details?.Goal;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.Goal = value;
        }
    }

    /// <summary>The mode (ExecutionCreated).</summary>
    public ExecutionMode? Mode
    {
        get => _details?.Mode;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.Mode = value;
        }
    }

    /// <summary>The run label (ExecutionCreated).</summary>
    public string? RunLabel
    {
        get => _details?.RunLabel;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.RunLabel = value;
        }
    }

    /// <summary>Who started the execution (ExecutionCreated).</summary>
    public string? Actor
    {
        get => _details?.Actor;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.Actor = value;
        }
    }

    /// <summary>The plan fingerprint (ExecutionCreated, PlanMigrated).</summary>
    public string? PlanFingerprint
    {
        get => _details?.PlanFingerprint;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.PlanFingerprint = value;
        }
    }

    /// <summary>The definition version (ExecutionCreated, PlanMigrated).</summary>
    public int? PlanVersion
    {
        get => _details?.PlanVersion;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.PlanVersion = value;
        }
    }

    /// <summary>
    /// The plan's steps, all PENDING (ExecutionCreated, PlanMigrated), in histories written before 2026-12-03 (IrlExec
    /// 0.1.0 builds before then). The runner no longer writes it: each step follows from <see cref="PlanShape"/> (PENDING,
    /// inputs as their <c>{{references}}</c>, expected outputs as described or typed), and replaying a record without it
    /// derives them from there.
    /// </summary>
    public List<StepState>? Plan
    {
        get => _details?.Plan;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.Plan = value;
        }
    }

    /// <summary>The whole plan with its types (ExecutionCreated, PlanMigrated): what a resume compares a changed definition with.</summary>
    public WorkflowPlan? PlanShape
    {
        get => _details?.PlanShape;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.PlanShape = value;
        }
    }

    /// <summary>What changed in the definition, one entry per difference (PlanMigrated).</summary>
    public List<string>? Changes
    {
        get => _details?.Changes;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.Changes = value;
        }
    }

    /// <summary>Whether the migration was an explicit one (a raised version mapped by a migration hook: <c>[WorkflowMigration]</c> or <c>RunOptions.Migration</c>) rather than a compatible change (PlanMigrated).</summary>
    public bool? ExplicitMigration
    {
        get => _details?.ExplicitMigration;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.ExplicitMigration = value;
        }
    }

    /// <summary>The whole state the history starts from (StateRestored).</summary>
    public ExecutionState? RestoredState
    {
        get => _details?.RestoredState;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.RestoredState = value;
        }
    }

    /// <summary>When a paused step asked to be woken (StepPaused by <see cref="StepContext.PauseUntil"/>).</summary>
    public DateTimeOffset? WakeAt
    {
        get => _details?.WakeAt;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.WakeAt = value;
        }
    }

    /// <summary>The id of a delivered signal (SignalReceived), unique in the execution.</summary>
    public string? SignalId
    {
        get => _details?.SignalId;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.SignalId = value;
        }
    }

    /// <summary>
    /// The W3C <c>traceparent</c> of the run that recorded it (ExecutionCreated, and the StatusChanged to RESUMED of each
    /// resume): a later run's span links to it (see <see cref="IrlExecDiagnostics"/>).
    /// </summary>
    public string? TraceParent
    {
        get => _details?.TraceParent;
        set
        {
            if (value is null && _details is null) return;
            DetailsOrNew.TraceParent = value;
        }
    }

    // The members of the rare kinds.
    private sealed class Details
    {
        public ExecutionStatus? Status;
        public ExecutionStatus? FromStatus;
        public string? Result;
        public string? ExecutionId;
        public string? Workflow;
        public string? Goal;
        public ExecutionMode? Mode;
        public string? RunLabel;
        public string? Actor;
        public string? PlanFingerprint;
        public int? PlanVersion;
        public List<StepState>? Plan;
        public WorkflowPlan? PlanShape;
        public List<string>? Changes;
        public bool? ExplicitMigration;
        public ExecutionState? RestoredState;
        public DateTimeOffset? WakeAt;
        public string? SignalId;
        public string? TraceParent;
        public decimal? Cost; // a cost that does not fit a 64-bit mantissa (or a negative zero)

        public Details Copy() => (Details)MemberwiseClone();
    }
}

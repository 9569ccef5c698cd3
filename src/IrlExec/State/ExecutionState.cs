namespace IrlExec;

/// <summary>
/// Everything known about one execution: what <c>execution_state.md</c> shows and the JSON snapshot holds.
/// It is a projection of the execution's event history (see <see cref="ExecutionEvent"/>); the history is the record.
/// </summary>
public sealed class ExecutionState
{
    /// <summary><c>exec_&lt;UTC timestamp&gt;_&lt;uuid&gt;</c>.</summary>
    public string ExecutionId { get; set; } = "";

    /// <summary>The workflow name.</summary>
    public string Workflow { get; set; } = "";

    /// <summary>The goal, rendered from the workflow's goal template.</summary>
    public string Goal { get; set; } = "";

    /// <summary>The execution status.</summary>
    public ExecutionStatus Status { get; set; }

    /// <summary>Why the execution is paused or failed, when it is.</summary>
    public string? StatusReason { get; set; }

    /// <summary>The step running, or the next to run (1-based); 0 before any step.</summary>
    public int CurrentStep { get; set; }

    /// <summary>When the execution was created (UTC).</summary>
    public DateTimeOffset StartTime { get; set; }

    /// <summary>When the state last changed (UTC).</summary>
    public DateTimeOffset LastUpdated { get; set; }

    /// <summary>SIMULATION or EXECUTION.</summary>
    public ExecutionMode Mode { get; set; }

    /// <summary>The run's label, used for its log and result file names: <c>&lt;workflow&gt;-&lt;yyyy-MM-dd&gt;-&lt;NNN&gt;</c>.</summary>
    public string RunLabel { get; set; } = "";

    /// <summary>Who started the execution (the manifest's Agent/User column), e.g. <c>human:samson</c>.</summary>
    public string Actor { get; set; } = "";

    /// <summary>The plan fingerprint the execution started with (empty when not computed).</summary>
    public string PlanFingerprint { get; set; } = "";

    /// <summary>The workflow definition version the execution started with.</summary>
    public int PlanVersion { get; set; } = 1;

    // Variables set by the projector while nobody holds the list are kept packed (PackedVariables) and made into it when it
    // is first read; from then on (the list may be held) every change goes to the list itself.
    private List<VariableState> _variables = [];
    private PackedVariables? _packedVariables;
    private bool _variablesHandedOut;

    // How many variables the run expects (its plan's published names), when many: the packed variables are sized for them.
    internal int ExpectedVariableCount { get; set; }

    /// <summary>The variables (the <c>## Variables</c> section).</summary>
    public List<VariableState> Variables
    {
        get
        {
            if (!Volatile.Read(ref _variablesHandedOut)) HandOutVariables();
            return _variables;
        }
        set
        {
            _variables = value;
            _packedVariables = null;
            _variablesHandedOut = true;
        }
    }

    private void HandOutVariables()
    {
        lock (LogGate)
        {
            if (_variablesHandedOut) return;
            _packedVariables?.AppendTo(_variables);
            _packedVariables = null;
            Volatile.Write(ref _variablesHandedOut, true);
        }
    }

    /// <summary>Sets the variable <paramref name="name"/> (added after the others when it is new): what a <c>VariableSet</c> record does.</summary>
    internal void SetVariable(string name, string json, bool isSecret)
    {
        if (!_variablesHandedOut)
        {
            (_packedVariables ??= new PackedVariables(ExpectedVariableCount)).Set(name, json, isSecret);
            return;
        }
        var variable = FindOrAddVariable(name);
        variable.Json = json;
        variable.IsSecret = isSecret;
    }

    // A new execution's planned steps, while nobody has read Steps, are kept as a status, attempts and error per step
    // (PlannedSteps) and made into the list when it is first read; from then on (the list may be held) the projector
    // changes the list's steps.
    private List<StepState> _steps = [];
    private PlannedSteps? _plannedSteps;

    /// <summary>The plan and each step's status (the <c>## Execution Plan</c> section).</summary>
    public List<StepState> Steps
    {
        get
        {
            if (Volatile.Read(ref _plannedSteps) is not null) HandOutSteps();
            return _steps;
        }
        set
        {
            _steps = value;
            Volatile.Write(ref _plannedSteps, null);
        }
    }

    private void HandOutSteps()
    {
        lock (LogGate)
        {
            if (_plannedSteps is not { } planned) return;
            _steps = planned.ToList();
            Volatile.Write(ref _plannedSteps, null);
        }
    }

    /// <summary>The planned steps while they are not made into <see cref="Steps"/>, else null (the projector's step path).</summary>
    internal PlannedSteps? Planned => _plannedSteps;

    /// <summary>Plans <paramref name="plan"/>'s steps, all PENDING and new: what a creation from a plan's shape does.</summary>
    internal void PlanSteps(IReadOnlyList<StepPlan> plan)
    {
        if (PlannedSteps.For(plan) is { } planned)
        {
            _steps = [];
            Volatile.Write(ref _plannedSteps, planned);
            return;
        }
        var steps = new List<StepState>(plan.Count);
        for (var i = 0; i < plan.Count; i++) steps.Add(StepState.Pending(plan[i]));
        Steps = steps;
    }

    /// <summary>Step <paramref name="order"/>'s status (it must be planned), without making the planned steps into <see cref="Steps"/>.</summary>
    internal StepStatus StatusOf(int order) => _plannedSteps is { } planned && planned.Has(order) ? planned.At(order).Status : FindStep(order)!.Status;

    /// <summary>Step <paramref name="order"/>'s attempts so far (it must be planned), as <see cref="StatusOf"/>.</summary>
    internal int AttemptsOf(int order) => _plannedSteps is { } planned && planned.Has(order) ? planned.At(order).Attempts : FindStep(order)!.Attempts;

    /// <summary>Step <paramref name="order"/>'s last error (it must be planned), as <see cref="StatusOf"/>.</summary>
    internal string? LastErrorOf(int order) => _plannedSteps is { } planned && planned.Has(order) ? planned.At(order).LastError : FindStep(order)!.LastError;

    // Entries projected while nobody holds the log's list are kept packed (PackedExecutionLog) and made into it when it
    // is first read; from then on (the list may be held) every entry is added to the list itself.
    private List<StepExecutionRecord> _executionLog = [];
    private PackedExecutionLog? _packedLog;
    private bool _logHandedOut;

    /// <summary>One entry per finished step attempt (the <c>## Execution Log</c> section).</summary>
    public List<StepExecutionRecord> ExecutionLog
    {
        get
        {
            if (!Volatile.Read(ref _logHandedOut)) HandOutLog();
            return _executionLog;
        }
        set
        {
            _executionLog = value;
            _packedLog = null;
            _logHandedOut = true;
        }
    }

    // Two threads reading the log (or the variables) of a finished execution's state at once make its entries once.
    private static readonly object LogGate = new();

    private void HandOutLog()
    {
        lock (LogGate)
        {
            if (_logHandedOut) return;
            _packedLog?.AppendTo(_executionLog);
            _packedLog = null;
            Volatile.Write(ref _logHandedOut, true);
        }
    }

    /// <summary>How many entries <see cref="ExecutionLog"/> holds, without making the packed ones.</summary>
    internal int ExecutionLogCount => _executionLog.Count + (_packedLog?.Count ?? 0);

    /// <summary>
    /// Adds a new entry, made by the projector, to the execution log: written packed while nobody holds the log's list.
    /// The entry keeps copies of <paramref name="inputs"/> and <paramref name="outputs"/> (the lists of the records it is
    /// made from, which the runner may reuse from now on) and <paramref name="stateChanges"/> itself.
    /// </summary>
    internal void AddLogEntry(int step, DateTimeOffset timestamp, int attempt, string tool, List<NamedValue>? inputs, List<NamedValue>? outputs,
        decimal cost, double seconds, string? errors, string? pauseReason, List<string>? stateChanges)
    {
        if (!_logHandedOut && stateChanges is null
            && (_packedLog ??= new PackedExecutionLog()).TryAdd(step, timestamp, attempt, tool, inputs, outputs, cost, seconds, errors, pauseReason))
        {
            return;
        }
        var entry = new StepExecutionRecord(null, null, stateChanges)
        {
            Step = step,
            Timestamp = timestamp,
            Attempt = attempt,
            ToolUsed = tool,
            RealInputs = StepExecutionRecord.Copy(inputs),
            RealOutputs = StepExecutionRecord.Copy(outputs),
            ActualCost = cost,
            ActualSeconds = seconds,
            Errors = errors,
            PauseReason = pauseReason,
        };
        if (_logHandedOut) _executionLog.Add(entry);
        else (_packedLog ??= new PackedExecutionLog()).Add(entry);
    }

    /// <summary>
    /// The changes of definition accepted on resume, oldest first (<c>### Plan Migration - timestamp</c> blocks of the
    /// <c>## Execution Log</c> section).
    /// </summary>
    public List<PlanMigrationRecord> PlanMigrations { get; set; } = [];

    /// <summary>The training data (the <c>## Training Data</c> section, EXECUTION mode only).</summary>
    public TrainingData Training { get; set; } = new();

    /// <summary>The signals delivered to the execution, oldest first (the <c>## Signals</c> section).</summary>
    public List<SignalRecord> Signals { get; set; } = [];

    /// <summary>The signal the paused step waits for (<see cref="StepContext.WaitForSignal(string, string?)"/>), or null.</summary>
    public string? WaitingForSignal { get; set; }

    /// <summary>When the paused step asked to be woken (<see cref="StepContext.PauseUntil"/>), or null.</summary>
    public DateTimeOffset? WakeAt { get; set; }

    /// <summary>The last delivered signal named <paramref name="name"/>, or null.</summary>
    public SignalRecord? FindSignal(string name)
    {
        for (var i = Signals.Count - 1; i >= 0; i--)
        {
            if (Signals[i].Name == name) return Signals[i];
        }
        return null;
    }

    // Transient bookkeeping while replaying: inputs and state changes of a step attempt that has not finished yet.
    // The inputs of the attempt that started last are kept in fields (one attempt runs at a time: no lookup on the step's
    // path); an earlier step's, should one still be pending, in the dictionary. Together they act as one map by step.
    private bool _hasLastInputs;
    private int _lastInputsStep;
    private List<NamedValue>? _lastInputs;
    private Dictionary<int, List<NamedValue>?>? _otherInputs;

    // The inputs an attempt of step started with, until its log entry takes them (TakePendingInputs).
    internal void SetPendingInputs(int step, List<NamedValue>? inputs)
    {
        if (_hasLastInputs && _lastInputsStep != step) (_otherInputs ??= [])[_lastInputsStep] = _lastInputs;
        _otherInputs?.Remove(step);
        _hasLastInputs = true;
        _lastInputsStep = step;
        _lastInputs = inputs;
    }

    // The pending inputs of step (null when none), no longer pending.
    internal List<NamedValue>? TakePendingInputs(int step)
    {
        if (_hasLastInputs && _lastInputsStep == step)
        {
            var inputs = _lastInputs;
            _hasLastInputs = false;
            _lastInputs = null;
            return inputs;
        }
        List<NamedValue>? other = null;
        _otherInputs?.Remove(step, out other);
        return other;
    }

    internal Dictionary<int, List<string>> PendingStateChanges { get; } = [];

    /// <summary>Estimated against actual cost and time, and the success rate (<c>performance_metrics</c>).</summary>
    public PerformanceMetrics ComputeMetrics() => PerformanceMetrics.From(this);

    /// <summary>Finds a step by its order, or null.</summary>
    public StepState? FindStep(int order)
    {
        // Plans number their steps 1..N in order, so step N is normally at index N-1: O(1), which keeps the per-step
        // cost flat in executions of many steps. Anything else falls back to a scan.
        var steps = Steps;
        if ((uint)(order - 1) < (uint)steps.Count && steps[order - 1].Order == order) return steps[order - 1];
        foreach (var step in steps)
        {
            if (step.Order == order) return step;
        }
        return null;
    }

    // Where each variable is in Variables, so that publishing one is O(1) however many there are. The index belongs to
    // one list instance at one length: a list replaced or changed from outside (the property is public) is re-indexed.
    private Dictionary<string, VariableState>? _variableIndex;
    private List<VariableState>? _indexedVariables;
    private int _indexedCount;

    /// <summary>The variable named <paramref name="name"/>, added (with a null value) when it is not there yet.</summary>
    private VariableState FindOrAddVariable(string name)
    {
        var variables = Variables;
        if (_variableIndex is null || !ReferenceEquals(_indexedVariables, variables) || _indexedCount != variables.Count)
        {
            _variableIndex = new Dictionary<string, VariableState>(variables.Count, StringComparer.Ordinal);
            foreach (var v in variables) _variableIndex.TryAdd(v.Name, v); // the first of two with one name wins, as a scan would
            _indexedVariables = variables;
            _indexedCount = variables.Count;
        }
        if (_variableIndex.TryGetValue(name, out var existing) && existing.Name == name) return existing; // indexed, as it is
        if (existing is not null)
        {
            existing = variables.Find(v => v.Name == name); // renamed from outside since it was indexed: look again
        }
        if (existing is null)
        {
            existing = new VariableState { Name = name };
            variables.Add(existing);
        }
        _variableIndex[name] = existing;
        _indexedCount = variables.Count;
        return existing;
    }
}

/// <summary>A variable as persisted: its name, JSON value (<c>"***"</c> when secret) and secrecy.</summary>
public sealed class VariableState
{
    /// <summary>The snake_case name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The value as JSON text; <c>"***"</c> for a secret.</summary>
    public string Json { get; set; } = "null";

    /// <summary>Whether the value is secret.</summary>
    public bool IsSecret { get; set; }
}

/// <summary>One step of the plan with its live status (a <c>### Step N: Name</c> block).</summary>
public sealed class StepState
{
    // A step made from a plan (Pending) derives its Inputs and ExpectedOutputs from the plan when they are first read:
    // an execution's live state plans every step at its creation, and most of those lists are never read while it runs
    // (the views render their own state). FromPlan marks a list not derived yet; it is never handed out.
    private static readonly List<NamedValue> FromPlan = [];
    private readonly StepPlan? _plan;
    private List<NamedValue> _inputs;
    private List<NamedValue> _expectedOutputs;

    /// <summary>Creates a step with no inputs and no expected outputs.</summary>
    public StepState()
    {
        _inputs = [];
        _expectedOutputs = [];
    }

    private StepState(StepPlan plan)
    {
        _plan = plan;
        _inputs = FromPlan;
        _expectedOutputs = FromPlan;
    }

    /// <summary>A step of a plan before it runs: PENDING, inputs as their <c>{{references}}</c>, expected outputs as described (or typed).</summary>
    internal static StepState Pending(StepPlan step) => new(step)
    {
        Order = step.Order,
        Name = step.Name,
        Component = step.Component,
        ToolMapping = step.ToolMapping,
        Status = StepStatus.Pending,
        EstimatedCost = step.EstimatedCost,
        EstimatedSeconds = step.EstimatedSeconds,
        SideEffects = step.SideEffects,
    };

    private static List<NamedValue> PlannedInputs(StepPlan step)
    {
        var inputs = new List<NamedValue>(step.Inputs.Count);
        for (var i = 0; i < step.Inputs.Count; i++) inputs.Add(new NamedValue(step.Inputs[i].Name, step.Inputs[i].Reference));
        return inputs;
    }

    private static List<NamedValue> PlannedOutputs(StepPlan step)
    {
        var outputs = new List<NamedValue>(step.Outputs.Count);
        for (var i = 0; i < step.Outputs.Count; i++)
        {
            var output = step.Outputs[i];
            outputs.Add(new NamedValue(output.Name, string.IsNullOrEmpty(output.Description) ? output.TypeName : output.Description));
        }
        return outputs;
    }

    // The list in `field`, derived from the plan first when it has not been (once, also when two threads read it at once).
    private List<NamedValue> Derived(ref List<NamedValue> field, Func<StepPlan, List<NamedValue>> derive)
    {
        var current = Volatile.Read(ref field);
        if (!ReferenceEquals(current, FromPlan)) return current;
        var made = derive(_plan!);
        var seen = Interlocked.CompareExchange(ref field, made, FromPlan);
        return ReferenceEquals(seen, FromPlan) ? made : seen;
    }

    /// <summary>The position, starting at 1.</summary>
    public int Order { get; set; }

    /// <summary>The step name.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>component</c>.</summary>
    public string Component { get; set; } = "";

    /// <summary><c>tool_mapping</c>.</summary>
    public string ToolMapping { get; set; } = "";

    /// <summary><c>status</c>.</summary>
    public StepStatus Status { get; set; }

    /// <summary><c>inputs</c>: each input with its declared reference, e.g. <c>integration: {{integration}}</c>.</summary>
    public List<NamedValue> Inputs
    {
        get => Derived(ref _inputs, PlannedInputs);
        set => _inputs = value;
    }

    /// <summary><c>expected_outputs</c>: each output with its description.</summary>
    public List<NamedValue> ExpectedOutputs
    {
        get => Derived(ref _expectedOutputs, PlannedOutputs);
        set => _expectedOutputs = value;
    }

    /// <summary><c>estimated_cost</c> in dollars.</summary>
    public decimal EstimatedCost { get; set; }

    /// <summary><c>estimated_time</c> in seconds.</summary>
    public double EstimatedSeconds { get; set; }

    /// <summary><c>side_effects</c>.</summary>
    public string SideEffects { get; set; } = "none";

    /// <summary>How many attempts have started.</summary>
    public int Attempts { get; set; }

    /// <summary>The error of the last failed attempt, if any.</summary>
    public string? LastError { get; set; }
}

/// <summary>A name and a text value, as listed in the markdown (<c>- name: value</c>).</summary>
public sealed class NamedValue
{
    /// <summary>Creates an empty pair.</summary>
    public NamedValue() { }

    /// <summary>Creates a pair.</summary>
    public NamedValue(string name, string value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The value as text.</summary>
    public string Value { get; set; } = "";
}

/// <summary>One finished step attempt (a <c>### Step N Execution - timestamp</c> block).</summary>
public sealed class StepExecutionRecord
{
    // An entry made from history records whose lists were not copied yet (an entry a view's state holds) copies their
    // named values when its lists are first read: a committed record never changes. Pending marks a list not made yet;
    // it is never handed out.
    private static readonly List<NamedValue> PendingValues = [];
    private static readonly List<string> PendingChanges = [];
    private List<NamedValue> _realInputs;
    private List<NamedValue> _realOutputs;
    private List<string> _stateChanges;
    private readonly List<NamedValue>? _inputsSource;
    private readonly List<NamedValue>? _outputsSource;

    /// <summary>Creates an entry with no inputs, outputs or state changes.</summary>
    public StepExecutionRecord()
    {
        _realInputs = [];
        _realOutputs = [];
        _stateChanges = [];
    }

    // Inputs and outputs are copies of these lists (null: none), made when first read; state changes are these (null: none).
    internal StepExecutionRecord(List<NamedValue>? inputs, List<NamedValue>? outputs, List<string>? stateChanges)
    {
        _inputsSource = inputs;
        _outputsSource = outputs;
        _realInputs = PendingValues;
        _realOutputs = PendingValues;
        _stateChanges = stateChanges ?? PendingChanges;
    }

    /// <summary>New pairs in a new list (an empty list for null).</summary>
    internal static List<NamedValue> Copy(List<NamedValue>? source)
    {
        if (source is null) return [];
        var copy = new List<NamedValue>(source.Count);
        foreach (var value in source) copy.Add(value is null ? null! : new NamedValue { Name = value.Name, Value = value.Value });
        return copy;
    }

    private List<NamedValue> Unpacked(ref List<NamedValue> field, bool outputs)
    {
        var current = Volatile.Read(ref field);
        if (!ReferenceEquals(current, PendingValues)) return current;
        var made = Copy(outputs ? _outputsSource : _inputsSource);
        var seen = Interlocked.CompareExchange(ref field, made, PendingValues);
        return ReferenceEquals(seen, PendingValues) ? made : seen;
    }

    /// <summary>The step's order.</summary>
    public int Step { get; set; }

    /// <summary>When the attempt finished (UTC).</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The attempt number, starting at 1.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary><c>tool_used</c>.</summary>
    public string ToolUsed { get; set; } = "";

    /// <summary><c>real_inputs</c>: the values the inputs were bound to (secrets as <c>***</c>).</summary>
    public List<NamedValue> RealInputs
    {
        get => Unpacked(ref _realInputs, outputs: false);
        set => _realInputs = value;
    }

    /// <summary><c>real_outputs</c>: the values the step published (secrets as <c>***</c>).</summary>
    public List<NamedValue> RealOutputs
    {
        get => Unpacked(ref _realOutputs, outputs: true);
        set => _realOutputs = value;
    }

    /// <summary><c>actual_cost</c> in dollars.</summary>
    public decimal ActualCost { get; set; }

    /// <summary><c>actual_time</c> in seconds.</summary>
    public double ActualSeconds { get; set; }

    /// <summary><c>errors</c>, or null when none.</summary>
    public string? Errors { get; set; }

    /// <summary><c>state_changes</c>: files created or modified, and other recorded changes.</summary>
    public List<string> StateChanges
    {
        get
        {
            var current = Volatile.Read(ref _stateChanges);
            if (!ReferenceEquals(current, PendingChanges)) return current;
            var seen = Interlocked.CompareExchange(ref _stateChanges, [], PendingChanges);
            return ReferenceEquals(seen, PendingChanges) ? Volatile.Read(ref _stateChanges) : seen;
        }
        set => _stateChanges = value;
    }

    /// <summary>
    /// <c>paused</c>: why the attempt paused (a deliberate pause, a wait for a signal or a timer, a cancellation), or
    /// null when it completed or failed. A paused attempt is not a failure: it does not count against the success rate.
    /// </summary>
    public string? PauseReason { get; set; }
}

/// <summary>A signal delivered to an execution (see <see cref="StepContext.WaitForSignal(string, string?)"/>).</summary>
public sealed class SignalRecord
{
    /// <summary>The signal's id, unique in the execution.</summary>
    public string Id { get; set; } = "";

    /// <summary>The signal's name, e.g. <c>approval</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The payload as JSON (<c>null</c> when none was sent).</summary>
    public string Json { get; set; } = "null";

    /// <summary>Who sent it, when known (e.g. <c>human:samson</c>).</summary>
    public string? Sender { get; set; }

    /// <summary>When it was recorded in the history (UTC).</summary>
    public DateTimeOffset Timestamp { get; set; }
}

/// <summary>A change of definition accepted on resume (a <c>### Plan Migration - timestamp</c> block).</summary>
public sealed class PlanMigrationRecord
{
    /// <summary>When the execution switched to the new definition (UTC).</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>Whether a migration hook mapped the variables (the version was raised), rather than a compatible change.</summary>
    public bool IsExplicit { get; set; }

    /// <summary>The definition version before.</summary>
    public int FromVersion { get; set; } = 1;

    /// <summary>The definition version after.</summary>
    public int ToVersion { get; set; } = 1;

    /// <summary>The plan fingerprint before.</summary>
    public string FromFingerprint { get; set; } = "";

    /// <summary>The plan fingerprint after.</summary>
    public string ToFingerprint { get; set; } = "";

    /// <summary>What changed, one entry per difference, e.g. <c>step 5 'archive' added</c>.</summary>
    public List<string> Changes { get; set; } = [];

    /// <summary>
    /// How many <see cref="ExecutionState.ExecutionLog"/> entries came before it: where its block goes among the step
    /// attempts. (Timestamps cannot tell: a resume may happen in the second a step ended.)
    /// </summary>
    public int LogPosition { get; set; }
}

/// <summary>The <c>## Training Data</c> section: what an execution teaches, recorded in EXECUTION mode.</summary>
public sealed class TrainingData
{
    /// <summary><c>conversation_trace</c>: messages recorded with <see cref="StepContext.RecordMessage"/>.</summary>
    public List<ConversationMessage> ConversationTrace { get; set; } = [];

    /// <summary><c>tool_calls</c>: tool invocations recorded with <see cref="StepContext.RecordToolCall"/>.</summary>
    public List<ToolCallRecord> ToolCalls { get; set; } = [];

    /// <summary><c>state_transitions</c>: every execution status change.</summary>
    public List<StateTransitionRecord> StateTransitions { get; set; } = [];
}

/// <summary>One message of the conversation trace.</summary>
public sealed class ConversationMessage
{
    /// <summary>The step that recorded it (0 for none).</summary>
    public int Step { get; set; }

    /// <summary>Who spoke: <c>user</c>, <c>assistant</c>, <c>tool</c>, ...</summary>
    public string Role { get; set; } = "";

    /// <summary>What was said.</summary>
    public string Text { get; set; } = "";

    /// <summary>When (UTC).</summary>
    public DateTimeOffset Timestamp { get; set; }
}

/// <summary>One tool invocation.</summary>
public sealed class ToolCallRecord
{
    /// <summary>The step that made the call.</summary>
    public int Step { get; set; }

    /// <summary>The tool, e.g. <c>Bash</c>.</summary>
    public string Tool { get; set; } = "";

    /// <summary>The arguments, as text.</summary>
    public string Arguments { get; set; } = "";

    /// <summary>The result, as text.</summary>
    public string Result { get; set; } = "";

    /// <summary>When (UTC).</summary>
    public DateTimeOffset Timestamp { get; set; }
}

/// <summary>One execution status change.</summary>
public sealed class StateTransitionRecord
{
    /// <summary>The status before.</summary>
    public ExecutionStatus From { get; set; }

    /// <summary>The status after.</summary>
    public ExecutionStatus To { get; set; }

    /// <summary>Why, when a reason was given.</summary>
    public string? Reason { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTimeOffset Timestamp { get; set; }
}

using System.Runtime.ExceptionServices;

namespace IrlExec;

/// <summary>
/// One execution while a runner holds it: the live state, the variables, and the records not yet committed.
/// Every change goes through <see cref="Record"/> (applied to the state at once) and <see cref="CommitAsync"/> (appended to
/// the store, then shown to the observers).
/// <para>
/// While a step runs (between <see cref="OpenStep"/> and <see cref="CloseStepAsync"/>), what it records (log lines, tool
/// calls, state changes, messages) is committed in the background <see cref="InStepCommitDelay"/> after the first record
/// not yet committed: appended to the history without an fsync (it survives the process being killed) and shown to the
/// views (the log file), so a long step's lines are visible, and kept, long before the step returns. A step that records
/// nothing costs nothing more; one that records many lines quickly shares one append per delay.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The timer is disposed by StopViewsAsync, which ends every session; the semaphore's wait handle is never used.")]
internal sealed class ExecutionSession
{
    /// <summary>How long after a running step's first uncommitted record its records are committed in the background.</summary>
    internal static readonly TimeSpan InStepCommitDelay = TimeSpan.FromMilliseconds(200);

#if NET9_0_OR_GREATER
    private readonly Lock _gate = new(); // cheaper to take than a Monitor on an object: a step takes it a few times
#else
    private readonly object _gate = new();
#endif
    // Held by a background commit of a running step's records; CloseStepAsync waits for it, so the runner's own commits
    // never overlap one.
    private readonly SemaphoreSlim _inStepCommit = new(1, 1);
    private bool _stepOpen; // under _gate: a step runs and its records may be committed in the background.
    private bool _inStepCommitArmed; // under _gate: the timer will commit the records recorded so far.
    private Timer? _inStepTimer;
    private ExceptionDispatchInfo? _inStepFault;
    private readonly IExecutionStore _store;
    private readonly ViewScheduler _views;
    private readonly bool _waitForViews;
    private readonly TimeProvider _time;
    private List<ExecutionEvent> _pending = [];
    // A committed batch's list, cleared, for the next batch: only when nothing keeps a batch once its commit returns (no
    // views, and a store known to copy or write what it is given).
    private List<ExecutionEvent>? _spareBatch;
    private readonly bool _reuseBatches;
    private readonly bool _hasViews;
    // Committed records, cleared, for the runner's next records (NewRecord); only when batches are reused (a committed
    // record is then held by nothing: the store copied or wrote it, and the live state keeps none). Whoever uses them takes
    // the whole set (Interlocked.Exchange) and puts it back: no lock on the step's path; one that finds it taken makes a
    // new record, or recycles none.
    private SpareRecords? _spareRecords;
    private const int MostSpareRecords = 16;

    private sealed class SpareRecords
    {
        public readonly ExecutionEvent?[] Records = new ExecutionEvent?[MostSpareRecords];
        public int Count;
    }
    private long _sequence;
    // Under _gate: a step's completion recorded and not yet committed (RecordCompletion), and its telemetry to report once
    // the commit that carries it has returned.
    private PendingCompletion? _completion;
    // Under _gate: a new execution's creation recorded and not yet committed (HoldCreation): the next commit is flushed and
    // then calls this.
    private Action? _created;

    // A step's completion waiting for its commit: what its telemetry reports once the commit has returned.
    private readonly record struct PendingCompletion(StepTelemetry Telemetry, decimal Cost, double Seconds);

    /// <param name="definition">The workflow.</param>
    /// <param name="state">The live state: the history so far, then every record as it is recorded.</param>
    /// <param name="viewState">
    /// A second state equal to <paramref name="state"/> (not the same object), for the views: it receives each record
    /// when it is committed, so that views render only what the history holds while the live state runs ahead.
    /// </param>
    /// <param name="sequence">The last sequence number in the history.</param>
    /// <param name="store">Where the history is appended.</param>
    /// <param name="observers">The views.</param>
    /// <param name="waitForViews">Whether every commit waits for the views (<see cref="RunOptions.WaitForViews"/>).</param>
    /// <param name="time">The clock.</param>
    /// <param name="copyViewState">Makes another state equal to <paramref name="viewState"/> as given: the views' warm pass renders from it (null: none).</param>
    public ExecutionSession(WorkflowDefinition definition, ExecutionState state, ExecutionState viewState, long sequence, IExecutionStore store, IReadOnlyList<IExecutionObserver> observers, bool waitForViews, TimeProvider time, Func<ExecutionState>? copyViewState = null)
    {
        if (ReferenceEquals(state, viewState)) throw new ArgumentException("The views need their own copy of the state.", nameof(viewState));
        Definition = definition;
        State = state;
        // A plan that publishes many names: the variables are sized for them at once, not by doubling as they come.
        if (definition.Plan.PublishedNameCount is > VariableStore.SizedFrom and var published)
        {
            Variables.Reserve(published);
            state.ExpectedVariableCount = published;
        }
        _sequence = sequence;
        _store = store;
        foreach (var observer in observers) (observer as IObservesDefinitions)?.Running(definition);
        _views = new ViewScheduler(viewState, observers, copyViewState, definition.Plan.Steps.Count);
        _hasViews = observers.Count > 0;
        _reuseBatches = !_hasViews && store is InMemoryExecutionStore or FileSystemExecutionStore;
        _waitForViews = waitForViews;
        _time = time;
        _systemClock = ReferenceEquals(time, TimeProvider.System);
        Execution = WorkflowExecution.Restore(
            string.IsNullOrEmpty(state.ExecutionId) ? "pending" : state.ExecutionId, definition.Name, state.Mode, state.Status, state.CurrentStep,
            (from, to, reason) => Record(new ExecutionEvent { Kind = ExecutionEventKind.StatusChanged, FromStatus = from, Status = to, Message = reason is null ? null : Redact(reason) }));
    }

    public WorkflowDefinition Definition { get; }

    /// <summary>The lowest level of a step's own log lines (<see cref="RunOptions.MinimumLogLevel"/>).</summary>
    public ExecutionLogLevel MinimumLogLevel { get; init; } = ExecutionLogLevel.Debug;

    /// <summary>Where the history is appended (and posted signals wait).</summary>
    public IExecutionStore Store => _store;

    public ExecutionState State { get; }

    public VariableStore Variables { get; } = new();

    /// <summary>Where the running attempt stages its outputs; reused by every attempt of the session.</summary>
    public StepOutputs Outputs { get; } = new();

    public WorkflowExecution Execution { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    private readonly bool _systemClock;
    private StepClock _stepClock;

    /// <summary>
    /// The time of a step's start or end, whose monotonic reading (<see cref="TimeProvider.GetTimestamp"/>) is
    /// <paramref name="timestamp"/>: with the system clock, that reading's wall-clock time (<see cref="StepClock"/>), so
    /// that the start and the end each read the clock once; with any other time provider, its
    /// <see cref="TimeProvider.GetUtcNow"/>. Called from the runner's flow only.
    /// </summary>
    public DateTimeOffset StepTime(long timestamp) => _systemClock ? _stepClock.TimeAt(_time, timestamp) : _time.GetUtcNow();

    /// <summary>Whether the session runs on the system clock (<see cref="StepTime"/> then derives times from monotonic readings).</summary>
    public bool OnSystemClock => _systemClock;

    public TimeProvider Time => _time;

    /// <summary>
    /// A record of <paramref name="kind"/> with every other member unset, to fill and <see cref="Record"/>: a committed one
    /// used again when nothing holds committed records (no views, and a store that copies or writes what it is given).
    /// </summary>
    public ExecutionEvent NewRecord(ExecutionEventKind kind)
    {
        ExecutionEvent? record = null;
        if (_reuseBatches && Interlocked.Exchange(ref _spareRecords, null) is { } spares)
        {
            if (spares.Count > 0)
            {
                record = spares.Records[--spares.Count];
                spares.Records[spares.Count] = null;
            }
            Volatile.Write(ref _spareRecords, spares);
        }
        record ??= new ExecutionEvent();
        record.Kind = kind;
        return record;
    }

    // The named values of the runner's step records (inputs, outputs), reused from step to step when records are: the live
    // state copies a step's lists into its log entry when the attempt ends, before the next attempt fills them again (see
    // ExecutionState.AddLogEntry), and the store copies what it is given.
    private List<NamedValue>? _inputValues;
    private List<NamedValue>? _outputValues;

    /// <summary>
    /// A list for a step record's inputs or outputs, to fill with <see cref="PutValue"/> and end with
    /// <see cref="EndValues"/>: the session's own (and its pairs) when records are reused, else a new one.
    /// </summary>
    public List<NamedValue> StepValues(bool outputs, int capacity)
    {
        if (!_reuseBatches) return new List<NamedValue>(capacity);
        ref var list = ref outputs ? ref _outputValues : ref _inputValues;
        return list ??= new List<NamedValue>(capacity);
    }

    /// <summary>Sets the pair at <paramref name="index"/> of a list from <see cref="StepValues"/> (its own pair rewritten, or a new one).</summary>
    public static void PutValue(List<NamedValue> values, int index, string name, string value)
    {
        if (index < values.Count)
        {
            var pair = values[index];
            pair.Name = name;
            pair.Value = value;
        }
        else
        {
            values.Add(new NamedValue(name, value));
        }
    }

    /// <summary>Drops the pairs of a list from <see cref="StepValues"/> past the <paramref name="count"/> just put.</summary>
    public static void EndValues(List<NamedValue> values, int count)
    {
        if (values.Count > count) values.RemoveRange(count, values.Count - count);
    }

    public void Record(ExecutionEvent record)
    {
        lock (_gate) RecordHeld(record, _time.GetUtcNow());
    }

    /// <summary>
    /// <see cref="Record"/> with the time read by the caller (<see cref="Now"/>): records that happen together (a step's
    /// published variables and its completion) take one reading of the clock, which costs as much as the rest of a record.
    /// </summary>
    public void RecordAt(ExecutionEvent record, DateTimeOffset at)
    {
        lock (_gate) RecordHeld(record, at);
    }

    // The caller holds _gate.
    private void RecordHeld(ExecutionEvent record, DateTimeOffset at)
    {
        record.Sequence = ++_sequence;
        record.Timestamp = at;
        ExecutionStateProjector.Apply(State, record);
        _pending.Add(record);
        if (_stepOpen && !_inStepCommitArmed)
        {
            _inStepCommitArmed = true;
            (_inStepTimer ??= new Timer(static s => _ = ((ExecutionSession)s!).CommitInStepAsync(), this, Timeout.Infinite, Timeout.Infinite))
                .Change(InStepCommitDelay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary><see cref="Record"/> then <see cref="CommitAsync"/>, taking the gate once (a step's start).</summary>
    public ValueTask RecordAndCommitAsync(ExecutionEvent record, bool flushToDisk) => RecordAndCommitAsync(record, _time.GetUtcNow(), flushToDisk);

    /// <summary><see cref="RecordAndCommitAsync(ExecutionEvent, bool)"/> with the time read by the caller (<see cref="StepTime"/>).</summary>
    public ValueTask RecordAndCommitAsync(ExecutionEvent record, DateTimeOffset at, bool flushToDisk)
    {
        List<ExecutionEvent> batch;
        PendingCompletion? completion;
        Action? created;
        lock (_gate)
        {
            RecordHeld(record, at);
            batch = _pending;
            _pending = TakeSpareBatch();
            completion = _completion;
            _completion = null;
            created = _created;
            _created = null;
        }
        return CommitBatchAsync(batch, flushToDisk, completion, created);
    }

    /// <summary>
    /// Records a step's completion without committing it: it goes to the history with the session's next commit, which is
    /// then flushed to disk. The runner's next commit is normally the next
    /// step's start, so one durable commit ends this step and starts the next, before the next step's side effects; a
    /// pause, a failure or the end commits it without a start. Nothing observes the step as done before that commit
    /// returns: the views get it with that commit, and <paramref name="telemetry"/> reports it completed then. Its time is
    /// <paramref name="at"/> (see <see cref="RecordAt"/>).
    /// </summary>
    public void RecordCompletion(ExecutionEvent record, DateTimeOffset at, StepTelemetry telemetry, decimal cost, double seconds)
    {
        lock (_gate)
        {
            RecordHeld(record, at);
            _completion = new PendingCompletion(telemetry, cost, seconds);
        }
    }

    /// <summary>
    /// Leaves a new execution's creation (recorded, not committed) for the session's next commit, which is then flushed to
    /// disk: normally the first step's start, so that one durable commit creates the execution and starts its first step,
    /// before that step's side effects. <paramref name="created"/> is called once that commit has returned.
    /// </summary>
    public void HoldCreation(Action created)
    {
        lock (_gate) _created = created;
    }

    /// <summary>Whether a step's completion is recorded and not yet committed (see <see cref="RecordCompletion"/>).</summary>
    public bool CompletionPending
    {
        get
        {
            lock (_gate) return _completion is not null;
        }
    }

    /// <summary>
    /// A step starts running (its start is committed): from now until <see cref="CloseStepAsync"/>, what it records is
    /// committed in the background when <paramref name="commitInBackground"/> is set. Not set for a step that declares a
    /// secret output: its value becomes known as secret only when the step returns, and its records are masked then
    /// (see <see cref="MaskPending"/>), so they must not reach the history before.
    /// </summary>
    public void OpenStep(bool commitInBackground)
    {
        if (!commitInBackground) return;
        // No lock: the step's records are made after this (the step is invoked next, on this flow), and a record made
        // at the same time by another thread (one a previous attempt left running) arms the timer or not, as it would
        // on either side of a lock.
        Volatile.Write(ref _stepOpen, true);
    }

    /// <summary>
    /// The step returned: no background commit starts from now on, and one under way has ended when this returns. The
    /// records not committed yet are left for the runner's next commit.
    /// </summary>
    /// <exception cref="Exception">A background append to the store failed: its own exception.</exception>
    public ValueTask CloseStepAsync()
    {
        if (Volatile.Read(ref _inStepTimer) is null)
        {
            // No timer yet: no background commit has ever started in this session (the timer is made before the first),
            // and none can start before the next step opens. (A record made at this moment by a thread the step left
            // running may make the timer: its commit then finds the step closed, or the next one open, as any later
            // timer does.) No lock: the step's path takes none here.
            Volatile.Write(ref _stepOpen, false);
            return default;
        }
        Timer? timer;
        lock (_gate)
        {
            if (!_stepOpen) return default;
            _stepOpen = false;
            _inStepCommitArmed = false;
            timer = _inStepTimer;
        }
        return timer is null ? default : AwaitInStepCommitAsync(timer);
    }

    private async ValueTask AwaitInStepCommitAsync(Timer timer)
    {
        timer.Change(Timeout.Infinite, Timeout.Infinite);
        await _inStepCommit.WaitAsync().ConfigureAwait(false);
        _inStepCommit.Release();
        var fault = Interlocked.Exchange(ref _inStepFault, null);
        fault?.Throw();
    }

    // The timer's callback: commits the running step's records, without an fsync.
    private async Task CommitInStepAsync()
    {
        await _inStepCommit.WaitAsync().ConfigureAwait(false);
        try
        {
            List<ExecutionEvent> batch;
            lock (_gate)
            {
                _inStepCommitArmed = false;
                // The step returned (the runner commits from here on), or nothing is left to commit. (A completion still
                // pending is the runner's to commit, flushed: never here. The runner commits it before a step opens.)
                if (!_stepOpen || _pending.Count == 0 || _completion is not null || _created is not null) return;
                batch = _pending;
                _pending = TakeSpareBatch();
            }
            try
            {
                await _store.AppendAsync(State.ExecutionId, batch, flushToDisk: false, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The run stops when the step returns (CloseStepAsync), as it would at a failed commit of its own.
                _inStepFault ??= ExceptionDispatchInfo.Capture(e);
                return;
            }
            // A view that failed is reported by the runner's next commit, once that commit's records are in the history.
            try
            {
                await _views.PostAsync(batch, _waitForViews, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Recorded by the views; surfaces at the next commit (ThrowIfFaulted).
            }
            Recycle(batch);
        }
        finally
        {
            _inStepCommit.Release();
        }
    }

    /// <summary>
    /// Appends the records recorded since the last commit to the store (flushed to disk when asked), then hands them to
    /// the views (see <see cref="ViewScheduler"/>: in the background, except when the commit stops the run or the run
    /// waits for its views).
    /// <para>
    /// A commit takes no cancellation token: a stop (the run's token) never interrupts one. Its records are in the live
    /// state already, and a commit cancelled half-way leaves the history unknown (written or not, on a database store);
    /// the run sees the stop after the commit instead (before the next step, or through the running step's token) and
    /// pauses the execution, so that a stop never throws out of a run that has written anything.
    /// </para>
    /// </summary>
    public ValueTask CommitAsync(bool flushToDisk)
    {
        // The runner commits from one flow, one commit at a time, so the history and the views get the batches in order.
        List<ExecutionEvent> batch;
        PendingCompletion? completion;
        Action? created;
        lock (_gate)
        {
            if (_pending.Count == 0) return default;
            batch = _pending;
            _pending = TakeSpareBatch();
            completion = _completion;
            _completion = null;
            created = _created;
            _created = null;
        }
        return CommitBatchAsync(batch, flushToDisk, completion, created);
    }

    // completion: the batch carries a step's completion (RecordCompletion): flushed, and reported once in.
    // created: the batch carries a new execution's creation (HoldCreation): flushed, and reported once in.
    // A commit whose append and views' post complete at once (an in-memory store, a run without views) runs without an
    // async method: each part that does not complete at once continues in one of its own.
    private ValueTask CommitBatchAsync(List<ExecutionEvent> batch, bool flushToDisk, PendingCompletion? completion, Action? created)
    {
        if (completion is not null || created is not null) flushToDisk = true;
        // Before the history says the execution finished, the active list names it (a pass has shown the run's start):
        // the entry marks an execution whose views may lag, and a process killed between this append and the views must
        // leave a finished execution marked so, for the next runner or 'irlexec repair' to rebuild its views. The views
        // of the steps before it are shown with the end, in the one pass the run waits for.
        if (_hasViews && batch.Exists(ViewScheduler.Finishes)) return ShowStartThenAppendAsync(batch, flushToDisk, completion, created);
        return AppendAndPost(batch, flushToDisk, completion, created);
    }

    private async ValueTask ShowStartThenAppendAsync(List<ExecutionEvent> batch, bool flushToDisk, PendingCompletion? completion, Action? created)
    {
        await _views.ShowStartAsync(CancellationToken.None).ConfigureAwait(false);
        await AppendAndPost(batch, flushToDisk, completion, created).ConfigureAwait(false);
    }

    private ValueTask AppendAndPost(List<ExecutionEvent> batch, bool flushToDisk, PendingCompletion? completion, Action? created)
    {
        var appended = _store.AppendAsync(State.ExecutionId, batch, flushToDisk, CancellationToken.None);
        if (!appended.IsCompletedSuccessfully) return AwaitAppendThenPostAsync(appended, batch, completion, created);
        appended.GetAwaiter().GetResult();
        return Post(batch, completion, created);
    }

    private async ValueTask AwaitAppendThenPostAsync(ValueTask appended, List<ExecutionEvent> batch, PendingCompletion? completion, Action? created)
    {
        await appended.ConfigureAwait(false);
        await Post(batch, completion, created).ConfigureAwait(false);
    }

    // The batch is in the history: reported, then handed to the views.
    private ValueTask Post(List<ExecutionEvent> batch, PendingCompletion? completion, Action? created)
    {
        if (completion is { } completed) completed.Telemetry.Completed(completed.Cost, completed.Seconds);
        // A pass that failed outside any view stops the run here, after this batch is safe: what the step did is kept.
        // A view that failed does not: it is a ViewProblem, and the history is the record.
        _views.ThrowIfFaulted();
        var posted = _views.PostAsync(batch, _waitForViews, CancellationToken.None);
        if (!posted.IsCompletedSuccessfully) return AwaitPostAsync(posted, batch, created);
        posted.GetAwaiter().GetResult();
        Recycle(batch);
        created?.Invoke();
        return default;
    }

    private async ValueTask AwaitPostAsync(ValueTask posted, List<ExecutionEvent> batch, Action? created)
    {
        await posted.ConfigureAwait(false);
        Recycle(batch);
        created?.Invoke();
    }

    private List<ExecutionEvent> TakeSpareBatch() => Interlocked.Exchange(ref _spareBatch, null) ?? [];

    private void Recycle(List<ExecutionEvent> batch)
    {
        if (!_reuseBatches) return;
        // The records too: each is cleared (its named values list let go: the live state may hold it) for NewRecord.
        var spares = Interlocked.Exchange(ref _spareRecords, null) ?? new SpareRecords();
        for (var i = 0; i < batch.Count && spares.Count < MostSpareRecords; i++)
        {
            batch[i].Reset();
            spares.Records[spares.Count++] = batch[i];
        }
        Volatile.Write(ref _spareRecords, spares);
        batch.Clear();
        Volatile.Write(ref _spareBatch, batch);
    }

    /// <summary>Waits until no view is being written in the background (call before the lease is given up). Never throws.</summary>
    public async Task StopViewsAsync()
    {
        lock (_gate) _stepOpen = false;
        _inStepTimer?.Dispose();
        // A background commit under way ends before the views stop (it may post to them).
        await _inStepCommit.WaitAsync().ConfigureAwait(false);
        _inStepCommit.Release();
        await _views.StopAsync().ConfigureAwait(false);
    }

    /// <summary>The views that failed during this session (and damaged files they replaced).</summary>
    public IReadOnlyList<ViewProblem> ViewProblems => _views.Problems;

    /// <summary>Whether a view failed in this session (some file then lags the history until repaired).</summary>
    public bool AnyViewFailed => _views.AnyViewFailed;

    /// <summary>
    /// Masks every known secret in the records not yet committed, after the step's secret outputs became known
    /// (<see cref="SecretMasker"/>). A step's secret output becomes known as secret only when the step returns, after it
    /// may have logged or recorded it: this runs before those records are written.
    /// </summary>
    public void MaskPending(int step)
    {
        var secrets = Variables.Secrets;
        lock (_gate)
        {
            foreach (var record in _pending)
            {
                // A tool call's and a message's name is a text of the step's (the tool, the role); elsewhere it names a variable.
                if (record.Kind is ExecutionEventKind.ToolCallRecorded or ExecutionEventKind.MessageRecorded) record.Name = Mask(record.Name, secrets);
                record.Message = Mask(record.Message, secrets);
                record.Value = record.Kind == ExecutionEventKind.VariableSet ? (record.Value is null ? null : secrets.MaskJson(record.Value)) : Mask(record.Value, secrets);
                record.Result = Mask(record.Result, secrets);
                if (record.Values is null) continue;
                foreach (var value in record.Values) value.Value = secrets.MaskText(value.Value);
            }
        }
        // The live state already holds copies of the texts: the step's own training entries (the last ones, as the step
        // is running) and its pending state changes are masked the same way.
        var messages = State.Training.ConversationTrace;
        for (var i = messages.Count - 1; i >= 0 && messages[i].Step == step; i--)
        {
            messages[i].Role = secrets.MaskText(messages[i].Role);
            messages[i].Text = secrets.MaskText(messages[i].Text);
        }
        var calls = State.Training.ToolCalls;
        for (var i = calls.Count - 1; i >= 0 && calls[i].Step == step; i--)
        {
            calls[i].Tool = secrets.MaskText(calls[i].Tool);
            calls[i].Arguments = secrets.MaskText(calls[i].Arguments);
            calls[i].Result = secrets.MaskText(calls[i].Result);
        }
        foreach (var changes in State.PendingStateChanges.Values)
        {
            for (var i = 0; i < changes.Count; i++) changes[i] = secrets.MaskText(changes[i]);
        }
    }

    private static string? Mask(string? text, SecretMasker secrets) => text is null ? null : secrets.MaskText(text);

    /// <summary>
    /// Text bound for a file with every form of every known secret masked, then credential-looking strings
    /// (<see cref="SecretRedactor"/>). The cost follows the number of secrets, not of variables: one search for all.
    /// </summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        return SecretRedactor.Redact(Variables.Secrets.MaskText(text));
    }

    /// <summary>
    /// The JSON of a value as persisted: <c>"***"</c> for a secret; else the value with every secret and credential-looking
    /// string masked in its decoded strings (<see cref="SecretMasker.MaskJson"/>), whatever escaping its JSON uses.
    /// </summary>
    public string PersistedJson(string json, bool isSecret) => isSecret ? SecretRedactor.MaskJson : Variables.Secrets.MaskJson(json);

    /// <summary>A value as shown in the markdown and logs: a JSON string's text, else the JSON.</summary>
    public static string DisplayText(string json)
    {
        if (json.Length >= 2 && json[0] == '"')
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.GetString() ?? "";
        }
        return json;
    }
}

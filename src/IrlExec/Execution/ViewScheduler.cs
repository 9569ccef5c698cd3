using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace IrlExec;

/// <summary>
/// Decides when the observers (the views: snapshot, markdown, log, active list, ...) see committed records, so that a
/// step's commit does not wait for the views, and an execution's per-step cost stays flat however many steps it has.
/// <para>
/// Off the commit path. A commit hands its records over and returns; the views are brought up to date in the
/// background, one pass at a time per execution, in order. A background pass starts <see cref="PassSpacingFactor"/>
/// times the previous pass's duration after it ended (except after the first, which renders every view from nothing),
/// and at least <see cref="MinimumPassSpacing"/> after it started (so at most 20 passes a second); the first starts
/// <see cref="MinimumPassSpacing"/> after the run began (a shorter run writes its views once, at its end). A pass shows every
/// commit made before it began at once (a view rewritten whole is then rewritten once for all of them; the commits made
/// while it writes wait for the next pass). A commit waits until every view shows it when it stops the run (a pause, the
/// completion, a failure), or when the run asked for it (<see cref="RunOptions.WaitForViews"/>); the views of a stopped
/// or finished execution are therefore exact when the run returns, and nothing is written in the background after it
/// returns. The run's first commit is shown at once, in the background, to the views that mark executions whose views
/// may lag (the active list's entry) alone; before the record that finishes an execution is appended, the active list
/// shows it (<see cref="ShowStartAsync"/>: that background call or a pass has shown it, or the list alone is written
/// then), so the active list names the execution by then (see <see cref="ViewRepair"/>). The other views show the
/// run's start (creation, start, resume, migration) in the first background pass, or with the end in the pass the run
/// waits for. The views render
/// their own copy of the state, made of the committed records only, so a view never shows a record that is not yet in
/// the history, and the running step never waits for a view. A run no pass has shown by half its steps has its views
/// rendered ahead on the idle-priority thread, writing nothing, for its end to adopt if complete (<see cref="Warm"/>).
/// </para>
/// <para>
/// Long executions. Every observer sees every committed record, in order, exactly once. It sees them at the next pass,
/// except when all of these hold: the execution has more than <see cref="AlwaysCurrentUpTo"/> records, the records
/// change no status, the observer's last call took at least <see cref="ExpensiveCall"/> (a view rewritten whole, which
/// grows with the execution), and fewer than <c>1/<see cref="RewriteFactor"/></c> of the history's records have been
/// committed since the observer last ran. Then its records wait, and it is called with all of them at the first pass
/// that meets the rule, at the next status change, or after <see cref="CatchUpDelay"/> (or <see cref="CatchUpCostFactor"/>
/// times its last call, if longer) while the execution waits in a long step. A view rewritten whole then costs a
/// bounded amount per record: its size is proportional to the records, and it is rewritten once per
/// <c>records / RewriteFactor</c> records.
/// </para>
/// <para>
/// Failures. A view that throws (in the background or in a waited pass) does not stop the run: the history is already
/// durable and is the record. The failure becomes a <see cref="ViewProblem"/> naming the view's file, that view gets no
/// further records in this run (it would show a history with a gap), the other views go on, and the view that removes a
/// finished execution from the active list (<see cref="INeedsEveryOtherView"/>) is skipped, so the execution stays
/// marked as having views that may lag until <see cref="ViewRepair"/> rebuilds them. Only a cancellation of a waited
/// pass propagates.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim needs disposing only once its AvailableWaitHandle is used, which this one never is; background passes may outlive any Dispose call.")]
internal sealed class ViewScheduler
{
    /// <summary>Up to this many records in the history, every view is updated at every pass.</summary>
    internal const long AlwaysCurrentUpTo = 1024;

    /// <summary>An expensive view is rewritten once at least 1/RewriteFactor of the history is new to it.</summary>
    internal const int RewriteFactor = 32;

    /// <summary>An observer whose last call took less than this is never deferred.</summary>
    internal static readonly TimeSpan ExpensiveCall = TimeSpan.FromMilliseconds(1);

    /// <summary>How long a deferred view waits while the execution sits in a step, unless it is slow to write (see <see cref="CatchUpCostFactor"/>).</summary>
    internal static readonly TimeSpan CatchUpDelay = TimeSpan.FromSeconds(1);

    /// <summary>A catch-up waits at least this many times the deferred views' last call, so catch-ups of huge views take at most ~1/10 of the time.</summary>
    internal const int CatchUpCostFactor = 10;

    /// <summary>
    /// A background pass starts no sooner than this many times the previous pass's duration after it ended: the views
    /// then take at most about 1/(1 + factor) of an execution's time, and the commits made meanwhile share one pass.
    /// </summary>
    internal const int PassSpacingFactor = 10;

    /// <summary>
    /// The least time between the start of background passes: views refresh at most 20 times a second, however fast the
    /// steps commit (each pass replaces files, and on a journaling file system each replace makes the history's next
    /// flush longer).
    /// </summary>
    internal static readonly TimeSpan MinimumPassSpacing = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long after the run began the first background pass starts: <see cref="MinimumPassSpacing"/>. The benchmarks'
    /// breakdown of a run's end (<c>durable-trace</c>) sets it longer on a loaded machine, where a 100-step run outlasts it,
    /// to see the end of a run that has had no background pass (a quiet machine's).
    /// </summary>
    internal static TimeSpan FirstPassDelay { get; set; } = MinimumPassSpacing;

    /// <summary>Whether the views make the files of their next writes ahead (<see cref="IPreparesFiles"/>); the benchmarks' <c>durable-trace</c> compares runs without.</summary>
    internal static bool PrepareFilesAhead { get; set; } = true;

    /// <summary>Whether the run's first commit is shown to the active list in the background, next to the first steps (else with the end); the benchmarks' <c>durable-trace</c> compares runs without.</summary>
    internal static bool MarkStartAhead { get; set; } = true;

    /// <summary>
    /// Whether a run whose views have not been shown by the time half its planned steps have completed (a run shorter
    /// than the first background pass's delay) has the views that can (<see cref="IWarmsAhead"/>) render it so far ahead,
    /// on the idle-priority thread, writing nothing, so that its end renders only what changed since (see
    /// <see cref="Warm"/>). The benchmarks' <c>durable-trace</c> compares runs without.
    /// </summary>
    internal static bool WarmAhead { get; set; } = true;

    /// <summary>Steps still to run when the warm pass starts: time for it to be over before the run's end.</summary>
    internal const int WarmMargin = 15;

    /// <summary>For tests: called with the execution's id on the idle thread when its warm pass starts (it may block it).</summary>
    internal static Action<string>? WarmStartingForTests { get; set; }

    /// <summary>For tests: called with the execution's id, and whether a result was published, when its warm pass ends.</summary>
    internal static Action<string, bool>? WarmEndedForTests { get; set; }

    /// <summary>For tests: called with the execution's id, the records rendered ahead and the records applied after them, when a pass adopts a warm result.</summary>
    internal static Action<string, int, int>? WarmAdoptedForTests { get; set; }

    /// <summary>
    /// Whether, in a pass the run waits for, the views called alongside the one that waits for the disk (the manifest's
    /// fsync) start only once it has returned; off: all at once. The benchmarks' <c>durable-trace</c> measures what their
    /// file work costs that fsync.
    /// </summary>
    internal static bool OthersAfterDisk { get; set; }

    private static readonly long MinimumPassSpacingTicks = (long)(MinimumPassSpacing.TotalSeconds * Stopwatch.Frequency);

    private static readonly long ExpensiveTicks = (long)(ExpensiveCall.TotalSeconds * Stopwatch.Frequency);

    // Replaced once at most, by a pass that adopts the warm pass's state (AdoptWarm): read and changed under the pass, except
    // for its ExecutionId, which every state of the run has.
    private ExecutionState _state;
    private readonly Slot[] _slots;

    // One pass at a time: a commit that waits, the background pass, or a catch-up.
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly object _queueGate = new();
    private List<ExecutionEvent>? _queued;
    private bool _queuedOwned; // the first batch is the committer's list (the store saw it): copied before it grows.
    private int _backgroundScheduled;
    private Task _background = Task.CompletedTask;
    private int _catchUpScheduled;
    private long _nextPassAt; // Stopwatch timestamp before which no background pass starts.
    private volatile bool _shownAny; // whether a pass has shown anything yet (the first renders the whole plan from nothing).
    private volatile bool _startMarked; // whether ShowStartAsync showed the run's start to the views that mark lagging ones.
    private int _startMarkingScheduled;
    private Task _startMarking = Task.CompletedTask;
    // The records ShowStartAsync showed to the marking views alone: the other views get them at the next pass.
    private List<ExecutionEvent>? _shownToMarkersOnly;
    private int _preparingScheduled;
    private Task _preparing = Task.CompletedTask;
    // The warm pass (Warm): a new copy of the views' starting state (null: no warm pass), the planned steps, and,
    // until it starts, every record posted so far (PostAsync's thread only) and the step completions among them.
    private readonly Func<ExecutionState>? _copyStart;
    private readonly int _plannedSteps;
    private List<ExecutionEvent>? _warmRecords;
    private int _warmCompletions;
    private WarmResult? _warm; // published by the warm pass (one write), taken by the first pass that shows anything
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ExceptionDispatchInfo? _fault;

    /// <param name="state">The views' own state: the committed history so far (it is not the runner's live state).</param>
    /// <param name="observers">The views, called in this order.</param>
    /// <param name="copyStart">Makes a new state equal to <paramref name="state"/> as given (for the warm pass; null: none).</param>
    /// <param name="plannedSteps">The steps the plan has.</param>
    public ViewScheduler(ExecutionState state, IReadOnlyList<IExecutionObserver> observers, Func<ExecutionState>? copyStart = null, int plannedSteps = 0)
    {
        _state = state;
        _slots = observers.Select(o => new Slot(o)).ToArray();
        _copyStart = copyStart;
        _plannedSteps = plannedSteps;
        if (WarmAhead && copyStart is not null && plannedSteps >= 2 * WarmMargin && Array.Exists(_slots, s => s.WarmsAhead)) _warmRecords = [];
        // The first background pass waits as long as the spacing between passes: a short run (or a run's first steps)
        // commits without views being rendered and written next to its fsyncs; its end shows everything in one pass.
        _nextPassAt = Stopwatch.GetTimestamp() + (long)(FirstPassDelay.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Throws the error of a pass that failed outside any view (a record the views' state cannot take), if one did.</summary>
    public void ThrowIfFaulted() => _fault?.Throw();

    private readonly List<ViewProblem> _problems = [];

    /// <summary>The views that failed in this run (and damaged files they replaced), in order.</summary>
    public IReadOnlyList<ViewProblem> Problems
    {
        get
        {
            lock (_problems) return _problems.ToList();
        }
    }

    /// <summary>Whether a view failed in this run (its file then lags the history).</summary>
    public bool AnyViewFailed => _slots.Any(s => s.Failed);

    private void AddProblem(ViewProblem problem)
    {
        lock (_problems) _problems.Add(problem);
    }

    /// <summary>
    /// Hands a committed batch to the views (the caller commits one batch at a time, in order, and no longer uses the
    /// list). Returns once every view shows it when <paramref name="wait"/> is set or the batch stops the run (pause,
    /// completion, failure); otherwise at once.
    /// </summary>
    public ValueTask PostAsync(List<ExecutionEvent> batch, bool wait, CancellationToken cancellationToken)
    {
        if (_slots.Length == 0) return default;
        lock (_queueGate)
        {
            if (_queued is null)
            {
                _queued = batch;
                _queuedOwned = false;
            }
            else
            {
                if (!_queuedOwned)
                {
                    _queued = new List<ExecutionEvent>(_queued);
                    _queuedOwned = true;
                }
                _queued.AddRange(batch);
            }
        }
        if (_warmRecords is not null) CollectForWarm(batch);
        if (wait || batch.Exists(StopsRun)) return new ValueTask(PassAsync(cancellationToken));
        // The run's first commit is listed at once, in the background (the active list's entry, next to the first steps),
        // not just before the completion: the list shows a running execution from its start, and the run's end does not
        // wait for that write. The other views wait for the first background pass, as before.
        if (MarkStartAhead && !_shownAny && !_startMarked && Interlocked.Exchange(ref _startMarkingScheduled, 1) == 0 && Array.Exists(_slots, s => s.MarksLaggingViews))
        {
            Volatile.Write(ref _startMarking, Task.Run(MarkStartInBackgroundAsync, CancellationToken.None));
        }
        // The files the run's end writes into are made now, next to the first steps, not at the end (IPreparesFiles).
        if (PrepareFilesAhead && Interlocked.Exchange(ref _preparingScheduled, 1) == 0 && Array.Exists(_slots, s => s.PreparesFiles))
        {
            Volatile.Write(ref _preparing, Task.Run(PrepareFiles, CancellationToken.None));
        }
        if (Interlocked.Exchange(ref _backgroundScheduled, 1) == 0) _background = Task.Run(BackgroundPassAsync, CancellationToken.None);
        return default;
    }

    // PostAsync's thread: keeps the records posted so far, and starts the warm pass with them once half the planned steps
    // have completed (with WarmMargin steps or more left), unless a pass has shown the views by then.
    private void CollectForWarm(List<ExecutionEvent> batch)
    {
        if (_shownAny)
        {
            _warmRecords = null; // the views render only what changes from here on
            return;
        }
        _warmRecords!.AddRange(batch);
        foreach (var record in batch)
        {
            if (record.Kind == ExecutionEventKind.StepCompleted) _warmCompletions++;
        }
        if (_warmCompletions * 2 < _plannedSteps || _plannedSteps - _warmCompletions < WarmMargin) return;
        var records = _warmRecords;
        _warmRecords = null;
        // One warm pass at a time per process: while the idle thread gets no time (every core busy), the runs that end
        // meanwhile queue none, so no queued pass keeps a finished run's views and records alive.
        if (Interlocked.CompareExchange(ref s_warmQueued, 1, 0) != 0) return;
        _ = IdleThread.Run(() => Warm(records));
    }

    // 1 while a warm pass is queued on the idle thread or runs there (CollectForWarm).
    private static int s_warmQueued;

    /// <summary>
    /// Returns once the views that mark an execution whose views may lag (<see cref="IMarksLaggingViews"/>: the active
    /// list's entry) show the run's first commit (its start or resume), at once when a pass has shown it. When none has
    /// (a run shorter than the first background pass's delay), only those views are called now, with every batch posted
    /// so far; the other views get these records with the next pass. The run's first commit starts this in the
    /// background (<see cref="PostAsync"/>), so by the run's end it has usually happened. Never throws: a failure is
    /// recorded as usual and surfaces where it would have (<see cref="ThrowIfFaulted"/>, the next waited pass).
    /// </summary>
    public Task ShowStartAsync(CancellationToken cancellationToken) => ShowStartCoreAsync(inBackground: false, cancellationToken);

    // The background marking of the run's start: writes nothing once the run has stopped its views.
    private Task MarkStartInBackgroundAsync()
    {
        BackgroundWork.Begin();
        return ShowStartCoreAsync(inBackground: true, CancellationToken.None);
    }

    private async Task ShowStartCoreAsync(bool inBackground, CancellationToken cancellationToken)
    {
        if (_shownAny || _startMarked || _fault is not null || !Array.Exists(_slots, s => s.MarksLaggingViews)) return;
        await _pass.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_shownAny || _startMarked || _fault is not null || (inBackground && _stopping.Task.IsCompleted)) return;
            List<ExecutionEvent>? batch;
            lock (_queueGate)
            {
                batch = _queued;
                _queued = null;
            }
            if (batch is null) return;
            foreach (var record in batch) ExecutionStateProjector.Apply(_state, record);
            foreach (var slot in _slots)
            {
                if (slot.Failed) continue;
                slot.Add(batch); // every view gets these records, in order: the marking ones now, the others at the next pass.
                if (slot.MarksLaggingViews) await ShowAsync(slot, cancellationToken).ConfigureAwait(false);
            }
            _shownToMarkersOnly = batch;
            _startMarked = true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The waited pass after the append sees the cancellation again.
        }
        catch (Exception e)
        {
            _fault ??= ExceptionDispatchInfo.Capture(e); // a record the views' state cannot take: surfaces at the next commit.
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>
    /// Ends the background work (call once the run is over, before its lease is given up): a background pass that
    /// waits for its turn runs at once, and no pass or catch-up writes anything after this returns. Never throws.
    /// </summary>
    public async Task StopAsync()
    {
        _stopping.TrySetResult(); // a catch-up or a start marking that has not started finds it and writes nothing.
        await Volatile.Read(ref _startMarking).ConfigureAwait(false);
        await _background.ConfigureAwait(false);
        // A catch-up that is writing holds the pass: wait for it to finish.
        await _pass.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _pass.Release();
        RunTrace.Mark("passes over");
        // The files made ahead and not used are freed, and what the views left to finish (old files to delete) is done.
        await Volatile.Read(ref _preparing).ConfigureAwait(false);
        foreach (var slot in _slots) await slot.FinishAsync(_state.ExecutionId).ConfigureAwait(false);
        RunTrace.Mark("old files deleted");
    }

    // Starts deleting the old files the views' writes replaced (IPreparesFiles), off this pass's path. Never throws.
    private void FreeReplaced()
    {
        if (_state.ExecutionId.Length == 0) return;
        foreach (var slot in _slots) slot.FreeReplaced(_state.ExecutionId);
    }

    // Starts deleting the old files one view's writes replaced. Never throws.
    private void FreeReplaced(Slot slot)
    {
        if (_state.ExecutionId.Length > 0) slot.FreeReplaced(_state.ExecutionId);
    }

    /// <summary>
    /// The warm pass, on the idle-priority thread (<see cref="IdleThread"/>): from a new copy of the views' starting state
    /// and the records posted so far, the views that can (<see cref="IWarmsAhead"/>) render into new renderers of their
    /// own; the state, the records and the renderers are published with one write, for the first pass that shows the
    /// views to adopt (<see cref="AdoptWarm"/>). It shares nothing a pass changes and takes no lock a pass takes, so no
    /// pass ever waits for it, however long the idle thread is kept from running: a result that is late or does not
    /// match is thrown away, and the views render as without it. Never throws.
    /// </summary>
    private void Warm(List<ExecutionEvent> records)
    {
        var executionId = _state.ExecutionId;
        var published = false;
        try
        {
            WarmStartingForTests?.Invoke(executionId);
            // A thread that does not run at idle priority (not Linux, or SCHED_IDLE refused) would take its time from the
            // steps beside it as much as it saves at the end.
            if (_shownAny || _stopping.Task.IsCompleted || !IdleThread.AtIdlePriority) return;
            RunTrace.Mark("warm>");
            var state = _copyStart!();
            foreach (var record in records) ExecutionStateProjector.Apply(state, record);
            var renderers = new object?[_slots.Length];
            for (var i = 0; i < _slots.Length; i++)
            {
                if (_shownAny) return; // too late: the views render without it
                renderers[i] = _slots[i].RenderAhead(state);
            }
            if (_shownAny) return;
            Volatile.Write(ref _warm, new WarmResult(state, records, renderers));
            published = true;
            RunTrace.Mark("warm<");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing published: the view that threw fails in its own call, where it is reported.
        }
        finally
        {
            Volatile.Write(ref s_warmQueued, 0);
            WarmEndedForTests?.Invoke(executionId, published);
        }
    }

    // The caller holds the pass, which is the first to show the views anything. Every record posted so far is `shown`
    // (those ShowStartAsync applied to _state and showed to the marking views alone) then `batch`. When the warm
    // result's records are the first of these, its state becomes the views' state (the records after them applied),
    // and the views that rendered ahead take their renderers, whose caches key on that state's objects.
    private bool AdoptWarm(WarmResult warm, List<ExecutionEvent>? shown, List<ExecutionEvent>? batch)
    {
        var shownCount = shown?.Count ?? 0;
        var total = shownCount + (batch?.Count ?? 0);
        if (warm.Records.Count > total) return false;
        for (var i = 0; i < warm.Records.Count; i++)
        {
            if (!ReferenceEquals(warm.Records[i], i < shownCount ? shown![i] : batch![i - shownCount])) return false;
        }
        RunTrace.Mark("warm adopted");
        var state = warm.State;
        for (var i = warm.Records.Count; i < total; i++) ExecutionStateProjector.Apply(state, i < shownCount ? shown![i] : batch![i - shownCount]);
        _state = state;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (!_slots[i].Failed && warm.Renderers[i] is { } renderer) _slots[i].Adopt(state.ExecutionId, renderer);
        }
        WarmAdoptedForTests?.Invoke(state.ExecutionId, warm.Records.Count, total - warm.Records.Count);
        return true;
    }

    // What the warm pass rendered ahead: its own state, the records applied to it, and each view's renderer (null: none).
    private sealed record WarmResult(ExecutionState State, List<ExecutionEvent> Records, object?[] Renderers);

    // Makes the files of the views' next writes (IPreparesFiles), in the background. Never throws.
    private void PrepareFiles()
    {
        if (!PrepareFilesAhead || _stopping.Task.IsCompleted || _state.ExecutionId.Length == 0) return;
        foreach (var slot in _slots)
        {
            if (!slot.Failed) slot.Prepare(_state.ExecutionId);
        }
    }

    /// <summary>Whether <paramref name="record"/> finishes the execution (COMPLETED_SUCCESS or COMPLETED_FAILURE).</summary>
    internal static bool Finishes(ExecutionEvent record) =>
        record.Kind is ExecutionEventKind.StatusChanged && record.Status is ExecutionStatus.CompletedSuccess or ExecutionStatus.CompletedFailure;

    // The commits after which the run returns: the views must show them before it does.
    private static bool StopsRun(ExecutionEvent record) =>
        record.Kind is ExecutionEventKind.StatusChanged && record.Status is ExecutionStatus.Paused or ExecutionStatus.CompletedSuccess or ExecutionStatus.CompletedFailure;

    private static bool ChangesStatus(ExecutionEvent record) =>
        record.Kind is ExecutionEventKind.StatusChanged or ExecutionEventKind.ExecutionCreated or ExecutionEventKind.PlanMigrated;

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        RunTrace.Mark("pass wait");
        await _pass.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        RunTrace.Mark("pass>");
        try
        {
            ThrowIfFaulted();
            await ShowQueuedAsync(waited: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pass.Release();
            RunTrace.Mark("pass<");
        }
    }

    private async Task BackgroundPassAsync()
    {
        BackgroundWork.Begin(); // the renderers give the core to the running steps now and then (not in waited passes).
        // Spacing: a background pass starts PassSpacingFactor times the last pass's duration after that pass ended, so
        // the views take a bounded share of an execution's time and the commits of that wait share one pass.
        while (true)
        {
            var wait = Volatile.Read(ref _nextPassAt) - Stopwatch.GetTimestamp();
            if (wait > 0) await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency)), _stopping.Task).ConfigureAwait(false);
            await _pass.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            // A pass that ran while this one waited (a commit that stops the run, a catch-up, or the previous background
            // pass) sets a new time.
            if (_stopping.Task.IsCompleted || Volatile.Read(ref _nextPassAt) <= Stopwatch.GetTimestamp()) break;
            _pass.Release();
        }
        if (!_stopping.Task.IsCompleted) RunTrace.Mark("background pass");
        try
        {
            // Reset while holding the pass: a batch posted from here on is either taken by this pass or schedules the next.
            Volatile.Write(ref _backgroundScheduled, 0);
            if (_fault is null)
            {
                await ShowQueuedAsync(waited: false, CancellationToken.None).ConfigureAwait(false);
                PrepareFiles(); // a file this pass used is made again for the next one (the end's)
            }
        }
        catch
        {
            // Recorded by ShowQueuedAsync; it surfaces at the next commit.
        }
        finally
        {
            _pass.Release();
        }
    }

    // The caller holds the pass. Applies every queued record to the views' state, then shows them: once. Commits made
    // while it writes wait for a pass of their own (their own, when they wait; else the next background pass, spaced
    // from this one): showing them in this pass as well would make it run for as long as steps commit faster than it
    // writes, whatever the spacing.
    // waited: the run waits for this pass (see NotifyAsync).
    private async ValueTask ShowQueuedAsync(bool waited, CancellationToken cancellationToken)
    {
        List<ExecutionEvent>? batch;
        lock (_queueGate)
        {
            batch = _queued;
            _queued = null;
        }
        // Records the marking views alone have shown (ShowStartAsync) wait in the other views' slots: they are shown now,
        // even when nothing was committed since (a long first step that records nothing).
        var markersOnly = _shownToMarkersOnly;
        _shownToMarkersOnly = null;
        if (batch is null && markersOnly is null) return;
        var started = Stopwatch.GetTimestamp();
        var adopted = !_shownAny && Interlocked.Exchange(ref _warm, null) is { } warm && AdoptWarm(warm, markersOnly, batch);
        if (batch is not null && !adopted)
        {
            foreach (var record in batch) ExecutionStateProjector.Apply(_state, record);
        }
        try
        {
            var sequence = (batch ?? markersOnly)![^1].Sequence;
            var changesStatus = (batch?.Exists(ChangesStatus) ?? false) || (markersOnly?.Exists(ChangesStatus) ?? false);
            await NotifyAsync(batch ?? [], sequence, changesStatus, waited, cancellationToken).ConfigureAwait(false);
            var ended = Stopwatch.GetTimestamp();
            // The first pass renders every view from nothing (the whole plan, every line so far); the passes after it
            // render only what changed, so its duration says nothing of theirs: only the least spacing follows it.
            var spacing = _shownAny ? PassSpacingFactor * (ended - started) : 0;
            _shownAny = true;
            Volatile.Write(ref _nextPassAt, Math.Max(started + MinimumPassSpacingTicks, ended + spacing));
        }
        catch (Exception e)
        {
            _fault ??= ExceptionDispatchInfo.Capture(e); // no later pass or catch-up shows anything.
            throw;
        }
    }

    // In a pass the run waits for (nothing else runs then: the steps wait), consecutive views that declare themselves
    // independent (IIndependentView: the snapshot, the log, the markdown, the manifest, the result, the index) are called at once, on several
    // cores, and the next view only once they all returned: the pass then lasts as long as the slowest of them (a
    // whole-state render, the manifest's fsync) instead of their sum. Background passes call one view at a time: the
    // other core is the running steps'.
    // batch: the records no view has seen yet (may be empty); sequence: the last record any view is shown.
    private async ValueTask NotifyAsync(List<ExecutionEvent> batch, long sequence, bool changesStatus, bool waited, CancellationToken cancellationToken)
    {
        var everyView = sequence <= AlwaysCurrentUpTo || changesStatus;
        var deferred = false;
        List<Slot>? together = null;
        foreach (var slot in _slots)
        {
            if (slot.Failed) continue; // it would show a history with a gap: the repair rebuilds it whole.
            var alongside = waited && slot.RunsAlongside(_state);
            if (!alongside && together is { Count: > 0 })
            {
                await ShowTogetherAsync(together, cancellationToken).ConfigureAwait(false);
                together.Clear();
            }
            if (slot.NeedsEveryOtherView && AnyViewFailed)
            {
                slot.Failed = true; // never called again in this run: the execution stays marked for repair.
                continue;
            }
            if (batch.Count > 0) slot.Add(batch);
            if (!slot.HasWaiting) continue; // a marking view that showed them already
            if (!everyView && slot.MayWait(sequence))
            {
                deferred = true;
                continue;
            }
            if (alongside) (together ??= []).Add(slot);
            else await ShowAsync(slot, cancellationToken).ConfigureAwait(false);
        }
        if (together is { Count: > 0 }) await ShowTogetherAsync(together, cancellationToken).ConfigureAwait(false);
        FreeReplaced();
        if (deferred) ScheduleCatchUp();
    }

    // Calls the views at once and returns once every one of them has returned. The one called on this thread is the first
    // that waits for the disk (the manifest's fsync), else the first: started at once, its flush overlaps the others'
    // rendering (picked up by the pool's threads) instead of waiting for them.
    private async ValueTask ShowTogetherAsync(List<Slot> slots, CancellationToken cancellationToken)
    {
        if (slots.Count == 1)
        {
            await ShowAsync(slots[0], cancellationToken).ConfigureAwait(false);
            return;
        }
        var here = Math.Max(0, slots.FindIndex(s => s.WaitsForDisk));
        if (OthersAfterDisk && slots[here].WaitsForDisk) await ShowAsync(slots[here], cancellationToken).ConfigureAwait(false);
        // The old files a view's writes replaced (their names deleted in the writes) are freed once it has returned and the
        // README's fsync is over (freeing inodes and blocks beside that fsync made it wait), each as soon as both hold.
        var flushed = new StrongBox<int>(slots[here].WaitsForDisk && !OthersAfterDisk ? 0 : 1);
        var calls = new Task[slots.Count];
        for (var i = 0; i < slots.Count; i++)
        {
            if (i == here) continue;
            var slot = slots[i];
            calls[i] = Task.Run(async () =>
            {
                await ShowAsync(slot, cancellationToken).ConfigureAwait(false);
                if (Interlocked.CompareExchange(ref flushed.Value, 0, 0) == 1) FreeReplaced(slot); // else freed once the fsync is over
            }, CancellationToken.None);
        }
        if (OthersAfterDisk && slots[here].WaitsForDisk) calls[here] = Task.CompletedTask;
        else
        {
            var own = ShowAsync(slots[here], cancellationToken).AsTask(); // never throws: a view's failure is a problem
            calls[here] = own;
            if (flushed.Value == 0)
            {
                if (own.IsCompleted) AfterFlush(flushed);
                else _ = own.ContinueWith(_ => AfterFlush(flushed), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        await Task.WhenAll(calls).ConfigureAwait(false);
        RunTrace.Mark("views returned");
        FreeReplaced(); // what is left (a view that returned while the fsync ended)
    }

    // The README's fsync is over: the old files of the views that have returned are deleted now, the others' as they return.
    private void AfterFlush(StrongBox<int> flushed)
    {
        Interlocked.Exchange(ref flushed.Value, 1);
        FreeReplaced();
    }

    // Calls one view. A view that throws is recorded as a problem and gets no further records; the run goes on.
    private async ValueTask ShowAsync(Slot slot, CancellationToken cancellationToken)
    {
        try
        {
            await slot.ShowAsync(_state, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            slot.Failed = true; // it missed these records
            throw;
        }
        catch (Exception e)
        {
            slot.Failed = true;
            AddProblem(new ViewProblem(slot.Name, slot.FileFor(_state), e.Message, repaired: false));
        }
        foreach (var repair in slot.TakeRepairs(_state.ExecutionId)) AddProblem(repair);
    }

    private void ScheduleCatchUp()
    {
        if (Interlocked.Exchange(ref _catchUpScheduled, 1) == 1) return;
        _ = CatchUpLaterAsync();
    }

    private async Task CatchUpLaterAsync()
    {
        BackgroundWork.Begin();
        long slowest = 0;
        foreach (var slot in _slots) slowest = Math.Max(slowest, slot.LastCallTicks);
        var delay = TimeSpan.FromSeconds(Math.Max(CatchUpDelay.TotalSeconds, CatchUpCostFactor * (double)slowest / Stopwatch.Frequency));
        await Task.WhenAny(Task.Delay(delay), _stopping.Task).ConfigureAwait(false);
        await _pass.WaitAsync().ConfigureAwait(false);
        var again = false;
        try
        {
            Volatile.Write(ref _catchUpScheduled, 0);
            // A stopped or finished execution's views were brought up to date by its last status change; a run that
            // has returned writes nothing more.
            if (_stopping.Task.IsCompleted || _fault is not null || _state.Status is not (ExecutionStatus.InProgress or ExecutionStatus.Resumed)) return;
            await ShowQueuedAsync(waited: false, CancellationToken.None).ConfigureAwait(false);
            foreach (var slot in _slots)
            {
                if (slot.HasWaiting && !slot.Failed) await ShowAsync(slot, CancellationToken.None).ConfigureAwait(false);
            }
            FreeReplaced();
            again = _state.Status is ExecutionStatus.InProgress or ExecutionStatus.Resumed && _slots.Any(s => s.HasWaiting);
        }
        catch (Exception e)
        {
            _fault ??= ExceptionDispatchInfo.Capture(e); // surfaces at the next commit.
        }
        finally
        {
            _pass.Release();
        }
        if (again) ScheduleCatchUp();
    }

    /// <summary>One observer, the records it has not seen yet, and what its last call cost.</summary>
    private sealed class Slot(IExecutionObserver observer)
    {
        private List<ExecutionEvent>? _waiting;
        private bool _owned;
        private long _lastCallTicks;
        private readonly string _begin = "v " + observer.GetType().Name + (observer is IMarksLaggingViews { MarksLaggingViews: true } ? "+" : "") + ">";
        private readonly string _end = "v " + observer.GetType().Name + (observer is IMarksLaggingViews { MarksLaggingViews: true } ? "+" : "") + "<";

        public string Name => observer.GetType().Name;

        public bool NeedsEveryOtherView => observer is INeedsEveryOtherView { NeedsEveryOtherView: true };

        public bool MarksLaggingViews => observer is IMarksLaggingViews { MarksLaggingViews: true };

        public bool RunsAlongside(ExecutionState state) => observer is IIndependentView view && view.RunsAlongside(state);

        public bool WaitsForDisk => observer is IIndependentView { WaitsForDisk: true };

        public bool PreparesFiles => observer is IPreparesFiles;

        public bool WarmsAhead => observer is IWarmsAhead;

        // On the idle thread: a renderer of the view's own, rendered from state (null: the view renders nothing ahead).
        public object? RenderAhead(ExecutionState state) => (observer as IWarmsAhead)?.RenderAhead(state);

        public void Adopt(string executionId, object renderer) => ((IWarmsAhead)observer).Adopt(executionId, renderer);

        public void Prepare(string executionId)
        {
            try
            {
                (observer as IPreparesFiles)?.Prepare(executionId);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing made: the write creates its file itself.
            }
        }

        public void FreeReplaced(string executionId) => (observer as IPreparesFiles)?.FreeReplaced(executionId);

        public async Task FinishAsync(string executionId)
        {
            if (observer is not IPreparesFiles preparer) return;
            try
            {
                await preparer.FinishAsync(executionId).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A replaced file left under its hidden temporary name: never read, removed by the view repair.
            }
        }

        /// <summary>Set once the view failed (or was skipped because another one did): it is not called again in this run.</summary>
        public bool Failed { get; set; }

        public string? FileFor(ExecutionState state)
        {
            try
            {
                return (observer as IViewFile)?.FileFor(state);
            }
            catch (ArgumentException)
            {
                return null; // a name that cannot form a path (the error says why)
            }
        }

        public IReadOnlyList<ViewProblem> TakeRepairs(string executionId) =>
            observer is IReportsViewRepairs reports ? reports.TakeRepairs(executionId) : [];

        public bool HasWaiting => _waiting is { Count: > 0 };

        public long LastCallTicks => Volatile.Read(ref _lastCallTicks);

        public void Add(List<ExecutionEvent> batch)
        {
            if (_waiting is null)
            {
                _waiting = batch; // shared with the other observers until it must grow.
                _owned = false;
                return;
            }
            if (!_owned)
            {
                _waiting = new List<ExecutionEvent>(_waiting);
                _owned = true;
            }
            _waiting.AddRange(batch);
        }

        public bool MayWait(long sequence) => _lastCallTicks >= ExpensiveTicks && (long)_waiting!.Count * RewriteFactor < sequence;

        public async ValueTask ShowAsync(ExecutionState state, CancellationToken cancellationToken)
        {
            var records = _waiting;
            _waiting = null;
            if (records is null) return;
            var started = Stopwatch.GetTimestamp();
            RunTrace.Mark(_begin);
            await observer.OnCommittedAsync(state, records, cancellationToken).ConfigureAwait(false);
            RunTrace.Mark(_end);
            Volatile.Write(ref _lastCallTicks, Stopwatch.GetTimestamp() - started);
        }
    }
}

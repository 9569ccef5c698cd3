using System.Diagnostics;

namespace IrlExec;

/// <summary>
/// Decides when the observers (the views: snapshot, markdown, log, active list, ...) see committed records, so that an
/// execution's per-step cost stays flat however many steps it has.
/// <para>
/// The rule: every observer sees every committed record, in order, exactly once. It sees them right after the commit,
/// except when all of these hold: the execution has more than <see cref="AlwaysCurrentUpTo"/> records, the commit changes
/// no status, the observer's last call took at least <see cref="ExpensiveCall"/> (a view rewritten whole, which grows
/// with the execution), and fewer than <c>1/<see cref="RewriteFactor"/></c> of the history's records have been
/// committed since the observer last ran. Then its records wait, and it is called with all of them at the first commit
/// that meets the rule, at the next status change (pause, completion, failure), or after
/// <see cref="CatchUpDelay"/> (or <see cref="CatchUpCostFactor"/> times its last call, if longer) while the execution
/// waits in a long step. A view rewritten whole then costs a bounded
/// amount per record: its size is proportional to the records, and it is rewritten once per
/// <c>records / RewriteFactor</c> records.
/// </para>
/// <para>The history is the durable record; views are rebuilt from it. A view never shows a record that is not yet committed.</para>
/// </summary>
internal sealed class ViewScheduler
{
    /// <summary>Up to this many records in the history, every view is updated at every commit.</summary>
    internal const long AlwaysCurrentUpTo = 1024;

    /// <summary>An expensive view is rewritten once at least 1/RewriteFactor of the history is new to it.</summary>
    internal const int RewriteFactor = 32;

    /// <summary>An observer whose last call took less than this is never deferred.</summary>
    internal static readonly TimeSpan ExpensiveCall = TimeSpan.FromMilliseconds(1);

    /// <summary>How long a deferred view waits while the execution sits in a step, unless it is slow to write (see <see cref="CatchUpCostFactor"/>).</summary>
    internal static readonly TimeSpan CatchUpDelay = TimeSpan.FromSeconds(1);

    /// <summary>A catch-up waits at least this many times the deferred views' last call, so catch-ups of huge views take at most ~1/10 of the time.</summary>
    internal const int CatchUpCostFactor = 10;

    private static readonly long ExpensiveTicks = (long)(ExpensiveCall.TotalSeconds * Stopwatch.Frequency);

    private readonly ExecutionSession _session;
    private readonly Slot[] _slots;
    private int _catchUpScheduled;
    private volatile bool _faulted;

    public ViewScheduler(ExecutionSession session, IReadOnlyList<IExecutionObserver> observers)
    {
        _session = session;
        _slots = observers.Select(o => new Slot(o)).ToArray();
    }

    /// <summary>Held by a commit or a catch-up: the observers are called one at a time.</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    /// <summary>Shows a committed batch to the observers (the caller holds <see cref="Lock"/>).</summary>
    public async ValueTask NotifyAsync(List<ExecutionEvent> batch, long sequence, CancellationToken cancellationToken)
    {
        if (_slots.Length == 0) return;
        var everyView = sequence <= AlwaysCurrentUpTo || batch.Exists(ChangesStatus);
        var deferred = false;
        foreach (var slot in _slots)
        {
            slot.Add(batch);
            if (!everyView && slot.MayWait(sequence))
            {
                deferred = true;
                continue;
            }
            try
            {
                await slot.ShowAsync(_session.State, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _faulted = true; // no background catch-up after a failing view: the error surfaces here.
                throw;
            }
        }
        if (deferred) ScheduleCatchUp();
    }

    private static bool ChangesStatus(ExecutionEvent record) =>
        record.Kind is ExecutionEventKind.StatusChanged or ExecutionEventKind.ExecutionCreated or ExecutionEventKind.PlanMigrated;

    private void ScheduleCatchUp()
    {
        if (Interlocked.Exchange(ref _catchUpScheduled, 1) == 1) return;
        _ = CatchUpLaterAsync();
    }

    private async Task CatchUpLaterAsync()
    {
        long slowest = 0;
        foreach (var slot in _slots) slowest = Math.Max(slowest, slot.LastCallTicks);
        var delay = TimeSpan.FromSeconds(Math.Max(CatchUpDelay.TotalSeconds, CatchUpCostFactor * (double)slowest / Stopwatch.Frequency));
        await Task.Delay(delay).ConfigureAwait(false);
        await Lock.WaitAsync().ConfigureAwait(false);
        var again = false;
        try
        {
            Volatile.Write(ref _catchUpScheduled, 0);
            if (_faulted) return;
            // Only while no step is half-way through recording: the state then holds exactly the committed records.
            again = !_session.RunWhileQuiescent(() =>
            {
                if (_session.State.Status is not (ExecutionStatus.InProgress or ExecutionStatus.Resumed)) return;
                foreach (var slot in _slots)
                {
                    if (!slot.HasWaiting) continue;
                    var call = slot.ShowAsync(_session.State, CancellationToken.None);
                    if (!call.IsCompletedSuccessfully) call.AsTask().GetAwaiter().GetResult();
                }
            });
        }
        catch (Exception)
        {
            // A view that fails in the background stops catch-ups; the next commit calls it again and surfaces the error.
            _faulted = true;
        }
        finally
        {
            Lock.Release();
        }
        if (again) ScheduleCatchUp();
    }

    /// <summary>One observer, the records it has not seen yet, and what its last call cost.</summary>
    private sealed class Slot(IExecutionObserver observer)
    {
        private List<ExecutionEvent>? _waiting;
        private bool _owned;
        private long _lastCallTicks;

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
            await observer.OnCommittedAsync(state, records, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lastCallTicks, Stopwatch.GetTimestamp() - started);
        }
    }
}

namespace IrlExec;

/// <summary>
/// When the files that show an execution's whole state (<c>execution_state.md</c>, its per-execution copy and the JSON
/// snapshot) are rewritten. Rewriting a whole file costs time in proportion to the plan's size, so rewriting it after
/// every step of a very long plan would make each step slower than the last. The rule:
/// <list type="bullet">
/// <item>a plan with at most <see cref="EveryCommitUpToSteps"/> steps: rewritten after every step (the seed's "each step
/// completion updates the entire state");</item>
/// <item>a longer plan: rewritten whenever the execution's status changes (start, pause, resume, end: always), and
/// otherwise once <see cref="MinimumInterval"/> has passed since the last rewrite and the time since then is at least
/// <see cref="CostFactor"/> times what the last rewrite took, so rewriting takes a bounded share of the run.</item>
/// </list>
/// The history is the durable record in between: a step is on disk before the next one starts whatever this says.
/// </summary>
public sealed class StateFileUpdatePolicy
{
    /// <summary>Plans with at most this many steps are rewritten after every step. Default 200.</summary>
    public int EveryCommitUpToSteps { get; init; } = 200;

    /// <summary>The shortest time between two rewrites of a longer plan's files, on the execution's clock. Default 2 s.</summary>
    public TimeSpan MinimumInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The time between two rewrites is at least this many times the last rewrite's duration. Default 10.</summary>
    public double CostFactor { get; init; } = 10;

    /// <summary>The default rule.</summary>
    public static StateFileUpdatePolicy Default { get; } = new();

    /// <summary>Rewrites after every step whatever the plan's size (small tools, tests).</summary>
    public static StateFileUpdatePolicy EveryStep { get; } = new() { EveryCommitUpToSteps = int.MaxValue };

    /// <summary>Whether to rewrite now. <paramref name="lastWrite"/> is null before the first rewrite.</summary>
    internal bool ShouldWrite(ExecutionState state, IReadOnlyList<ExecutionEvent> records, DateTimeOffset? lastWrite, TimeSpan lastDuration)
    {
        if (lastWrite is null || state.Steps.Count <= EveryCommitUpToSteps) return true;
        foreach (var record in records)
        {
            if (record.Kind is ExecutionEventKind.StatusChanged or ExecutionEventKind.StateRestored or ExecutionEventKind.PlanMigrated) return true;
        }
        var since = state.LastUpdated - lastWrite.Value;
        return since >= MinimumInterval && since.TotalSeconds >= CostFactor * lastDuration.TotalSeconds;
    }
}

/// <summary>Per-execution bookkeeping of an observer that follows a <see cref="StateFileUpdatePolicy"/>.</summary>
internal sealed class StateFileSchedule<TCache>(StateFileUpdatePolicy policy, Func<TCache> newCache)
    where TCache : class
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="write"/> when the policy says so, timing it; forgets the execution once it is finished.</summary>
    public void Run(ExecutionState state, IReadOnlyList<ExecutionEvent> records, Action<TCache> write)
    {
        var entry = _entries.GetOrAdd(state.ExecutionId, _ => new Entry(newCache()));
        lock (entry)
        {
            if (policy.ShouldWrite(state, records, entry.LastWrite, entry.LastDuration))
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                write(entry.Cache);
                entry.LastDuration = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                entry.LastWrite = state.LastUpdated;
            }
        }
        // A finished or paused execution's files are final until it is resumed; the cache is not needed meanwhile.
        if (StatusTransitions.IsTerminal(state.Status) || state.Status == ExecutionStatus.Paused) _entries.TryRemove(state.ExecutionId, out _);
    }

    private sealed class Entry(TCache cache)
    {
        public TCache Cache { get; } = cache;

        public DateTimeOffset? LastWrite { get; set; }

        public TimeSpan LastDuration { get; set; }
    }
}

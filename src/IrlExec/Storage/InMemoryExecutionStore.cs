using System.Collections.Concurrent;

namespace IrlExec;

/// <summary>A store that keeps histories in memory: for tests, benchmarks and throwaway simulations.</summary>
/// <remarks>
/// Every record appended is copied: a step's records (started, variable set, completed, log line) as their members in a
/// compact form of characters that is read back as new records (so that keeping a history of 100,000 steps costs the
/// garbage collector next to nothing), the records of the rare kinds as copies. A record changed after its append does
/// not change the history. A record of the rare kinds read back is the store's copy: do not change it.
/// </remarks>
public sealed class InMemoryExecutionStore : IExecutionStore
{
    private readonly ConcurrentDictionary<string, InMemoryHistory> _histories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _labels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _leases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<PendingSignal>> _signals = new(StringComparer.Ordinal);
    private InMemoryHistory? _lastAppended;

    /// <inheritdoc />
    public ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        PathSafety.WorkflowName(workflow);
        var prefix = $"{workflow}-{now.UtcDateTime:yyyy-MM-dd}";
        var number = _labels.AddOrUpdate(prefix, 1, (_, n) => n + 1);
        return ValueTask.FromResult($"{prefix}-{number:000}");
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken)
    {
        // The id is checked once, when its history is created: a history's id in the map has passed the check.
        ArgumentNullException.ThrowIfNull(records);
        // A runner appends with the same id string at every commit: the history it appended to last is found by that
        // reference, without hashing the id. (A history's LastId is only ever a key it was found by.)
        if (Volatile.Read(ref _lastAppended) is not { } history || !ReferenceEquals(history.LastId, executionId))
        {
            if (!_histories.TryGetValue(executionId, out history)) history = _histories.GetOrAdd(PathSafety.ExecutionId(executionId), _ => new InMemoryHistory());
            history.LastId = executionId;
            Volatile.Write(ref _lastAppended, history);
        }
        lock (history)
        {
            for (var i = 0; i < records.Count; i++) history.Add(records[i]);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string executionId, CancellationToken cancellationToken)
    {
        if (!_histories.TryGetValue(executionId, out var history)) return ValueTask.FromResult<IReadOnlyList<ExecutionEvent>?>(null);
        lock (history) return ValueTask.FromResult<IReadOnlyList<ExecutionEvent>?>(history.ToList());
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>(_histories.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList());

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> AcquireLeaseAsync(string executionId, CancellationToken cancellationToken)
    {
        if (!_leases.TryAdd(executionId, 0)) throw new ExecutionLeaseException(executionId);
        return ValueTask.FromResult<IAsyncDisposable>(new Lease(() => _leases.TryRemove(executionId, out _)));
    }

    /// <inheritdoc />
    public ValueTask PostSignalAsync(string executionId, PendingSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var pending = _signals.GetOrAdd(PathSafety.ExecutionId(executionId), _ => []);
        lock (pending) pending.Add(signal);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string executionId, CancellationToken cancellationToken)
    {
        if (!_signals.TryGetValue(executionId, out var pending)) return ValueTask.FromResult<IReadOnlyList<PendingSignal>>([]);
        lock (pending) return ValueTask.FromResult<IReadOnlyList<PendingSignal>>(pending.ToList());
    }

    /// <inheritdoc />
    public ValueTask RemovePendingSignalsAsync(string executionId, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (_signals.TryGetValue(executionId, out var pending))
        {
            lock (pending) pending.RemoveAll(p => signals.Any(s => s.Id == p.Id));
        }
        return ValueTask.CompletedTask;
    }

    private sealed class Lease(Action release) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) release();
            return ValueTask.CompletedTask;
        }
    }
}

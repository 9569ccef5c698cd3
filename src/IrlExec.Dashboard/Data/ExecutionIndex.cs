using System.Threading.Channels;

namespace IrlExec.Dashboard.Data;

/// <summary>
/// The summary of every execution in the store, kept current so that the list (10,000 executions and more) is filtered
/// and paged in memory instead of replaying every history per request. A refresh re-reads only what may have changed:
/// new executions, and on a filesystem root the histories whose length changed (one directory scan), in other stores the
/// executions not finished (a finished execution's history is immutable). Each refresh that finds records publishes
/// them to <see cref="Changes"/>, which the event streams forward to open pages.
/// </summary>
internal sealed class ExecutionIndex : IDisposable
{
    private const string HistorySuffix = ".history.jsonl";

    // Refreshes at most this often, however often the watcher pokes: each one scans the state folder.
    private static readonly TimeSpan MinimumSpacing = TimeSpan.FromMilliseconds(50);

    private readonly IExecutionStore _store;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<bool> _pokes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile IndexSnapshot _snapshot = IndexSnapshot.Empty;
    private long _version;

    public ExecutionIndex(IExecutionStore store, TimeProvider? time = null)
    {
        _store = store;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The latest summaries.</summary>
    public IndexSnapshot Current => _snapshot;

    /// <summary>Completes once the first refresh has read every execution.</summary>
    public Task Ready => _ready.Task;

    public ChangeFeed Changes { get; } = new();

    /// <summary>Asks for a refresh as soon as possible (a file changed, an action was taken).</summary>
    public void Poke() => _pokes.Writer.TryWrite(true);

    /// <summary>Refreshes until <paramref name="cancellationToken"/> is cancelled: when poked, else every <paramref name="interval"/>.</summary>
    public async Task RunAsync(Func<TimeSpan> interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            try
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive a failing store: the next refresh tries again, and pages show what was read.
            catch (Exception)
#pragma warning restore CA1031
            {
                _ready.TrySetResult();
            }
            var spent = _time.GetElapsedTime(started);
            if (spent < MinimumSpacing) await Task.Delay(MinimumSpacing - spent, _time, cancellationToken).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(interval());
            try
            {
                await _pokes.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The interval passed with no poke: refresh anyway (stores other than files tell nobody).
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads what changed since the last refresh and publishes it.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lengths = HistoryLengths();
            var ids = lengths?.Keys.ToList() ?? [.. await _store.ListAsync(cancellationToken).ConfigureAwait(false)];
            var toRead = new List<string>();
            foreach (var id in ids)
            {
                if (!_entries.TryGetValue(id, out var entry)) toRead.Add(id);
                else if (lengths is not null ? lengths[id] != entry.Length : entry.Summary.Damage is null && !StatusTransitions.IsTerminal(entry.Summary.Status)) toRead.Add(id);
            }

            var read = new (string Id, ExecutionSummary? Summary)[toRead.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, toRead.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount), CancellationToken = cancellationToken },
                async (i, token) => read[i] = (toRead[i], await ReadSummaryAsync(toRead[i], token).ConfigureAwait(false))).ConfigureAwait(false);

            var changes = new List<ExecutionChange>();
            foreach (var (id, summary) in read)
            {
                if (summary is null) continue; // vanished or mid-replacement: looked at again next time
                var length = lengths is not null && lengths.TryGetValue(id, out var l) ? l : -1;
                if (_entries.TryGetValue(id, out var old) && old.Summary == summary)
                {
                    _entries[id] = old with { Length = length };
                    continue;
                }
                _entries[id] = new Entry(summary, length);
                changes.Add(new ExecutionChange(id, summary.Workflow, summary.StatusText, summary.Sequence, Removed: false));
            }
            var listed = new HashSet<string>(ids, StringComparer.Ordinal);
            foreach (var gone in _entries.Keys.Where(id => !listed.Contains(id)).ToList())
            {
                var summary = _entries[gone].Summary;
                _entries.Remove(gone);
                changes.Add(new ExecutionChange(gone, summary.Workflow, summary.StatusText, summary.Sequence, Removed: true));
            }

            if (changes.Count > 0 || !_ready.Task.IsCompleted)
            {
                var ordered = _entries.Values.Select(e => e.Summary).ToArray();
                Array.Sort(ordered, IndexSnapshot.Compare);
                _snapshot = new IndexSnapshot(ordered, Interlocked.Increment(ref _version));
            }
            _ready.TrySetResult();
            Changes.Publish(changes);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task<ExecutionSummary?> ReadSummaryAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var history = await _store.ReadAsync(id, cancellationToken).ConfigureAwait(false);
            if (history is null || history.Count == 0) return null;
            var state = ExecutionStateProjector.Replay(history);
            state.ExecutionId = id;
            return ExecutionSummary.From(id, state, history[^1].Sequence);
        }
        catch (ExecutionDataException e)
        {
            return ExecutionSummary.Damaged(id, e.Message, _time.GetUtcNow());
        }
        catch (InvalidOperationException e)
        {
            // The projector refuses a history that names a step its plan does not have.
            return ExecutionSummary.Damaged(id, e.Message, _time.GetUtcNow());
        }
        catch (IOException)
        {
            return null;
        }
    }

    // On a filesystem root: each history's length, from one scan of the state folder (a history only ever grows, so a
    // changed length is a changed history). Null for other stores.
    private Dictionary<string, long>? HistoryLengths()
    {
        if (_store is not FileSystemExecutionStore files) return null;
        var lengths = new Dictionary<string, long>(StringComparer.Ordinal);
        var folder = new DirectoryInfo(files.Layout.StateDirectory);
        if (!folder.Exists) return lengths;
        try
        {
            foreach (var file in folder.EnumerateFiles("*" + HistorySuffix))
            {
                lengths[file.Name[..^HistorySuffix.Length]] = file.Length;
            }
        }
        catch (DirectoryNotFoundException)
        {
            lengths.Clear();
        }
        return lengths;
    }

    public void Dispose() => _refreshing.Dispose();

    private sealed record Entry(ExecutionSummary Summary, long Length);
}

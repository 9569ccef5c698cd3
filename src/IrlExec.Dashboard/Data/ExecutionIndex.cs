using System.Collections.Concurrent;
using System.Threading.Channels;

namespace IrlExec.Dashboard.Data;

/// <summary>
/// The summary of every execution in the store, kept current so that the list (10,000 executions and more) is filtered
/// and paged in memory instead of replaying every history per request. A full refresh re-reads only what may have
/// changed: new executions, and on a filesystem root the histories whose length changed (one scan of the state folder),
/// in other stores the executions not finished (a finished execution's history is immutable). On a watched filesystem
/// root the watcher names the histories that changed, and a refresh reads just those (a full scan still runs every
/// <see cref="FullScanWhileWatched"/> as a safety net). Each refresh that finds records publishes them to
/// <see cref="Changes"/>, which the event streams forward to open pages.
/// </summary>
internal sealed class ExecutionIndex : IDisposable
{
    public const string HistorySuffix = ".history.jsonl";

    /// <summary>While a watcher names the changed histories, the whole folder is still scanned this often.</summary>
    public static readonly TimeSpan FullScanWhileWatched = TimeSpan.FromSeconds(10);

    // Refreshes at most this often, however often the watcher pokes; and a refresh that took long waits ten times as
    // long before the next one, so that keeping the list current never takes more than about a tenth of a core.
    private static readonly TimeSpan MinimumSpacing = TimeSpan.FromMilliseconds(50);
    private const int SpacingFactor = 10;

    private readonly IExecutionStore _store;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _dirty = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<bool> _pokes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile IndexSnapshot _snapshot = IndexSnapshot.Empty;
    private volatile bool _fullRequested = true;
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

    /// <summary>Asks for a refresh as soon as possible: of one execution (a watcher saw its history change), or of all.</summary>
    public void Poke(string? executionId = null)
    {
        if (executionId is null) _fullRequested = true;
        else _dirty.TryAdd(executionId, 0);
        _pokes.Writer.TryWrite(true);
    }

    /// <summary>
    /// Refreshes until <paramref name="cancellationToken"/> is cancelled: when poked, else every <paramref name="pollInterval"/>
    /// (or <see cref="FullScanWhileWatched"/> while <paramref name="watched"/> says a watcher names the changes).
    /// </summary>
    public async Task RunAsync(Func<bool> watched, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var lastFull = long.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            var isWatched = watched();
            var started = _time.GetTimestamp();
            try
            {
                if (!isWatched || _fullRequested || lastFull == long.MinValue || _time.GetElapsedTime(lastFull) >= FullScanWhileWatched)
                {
                    _fullRequested = false;
                    _dirty.Clear();
                    lastFull = started;
                    await RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (!_dirty.IsEmpty)
                {
                    var ids = _dirty.Keys.ToList();
                    foreach (var id in ids) _dirty.TryRemove(id, out _);
                    await RefreshAsync(ids, cancellationToken).ConfigureAwait(false);
                }
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
            var spacing = spent * SpacingFactor > MinimumSpacing ? spent * SpacingFactor : MinimumSpacing;
            try
            {
                await Task.Delay(spacing - spent > TimeSpan.Zero ? spacing - spent : TimeSpan.Zero, _time, cancellationToken).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(isWatched ? FullScanWhileWatched : pollInterval);
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

    /// <summary>Reads what changed in the whole store since the last refresh, and publishes it.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lengths = HistoryLengths();
            var ids = lengths?.Keys.ToList() ?? [.. await _store.ListAsync(cancellationToken).ConfigureAwait(false)];
            var toRead = new List<(string Id, long Length)>();
            foreach (var id in ids)
            {
                var length = lengths?[id] ?? -1;
                if (!_entries.TryGetValue(id, out var entry)) toRead.Add((id, length));
                else if (lengths is not null ? length != entry.Length : MayChange(entry)) toRead.Add((id, length));
            }
            var listed = new HashSet<string>(ids, StringComparer.Ordinal);
            var gone = _entries.Keys.Where(id => !listed.Contains(id)).ToList();
            await ApplyAsync(toRead, gone, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>Reads the executions <paramref name="ids"/> again (a watcher saw their histories change), and publishes what changed.</summary>
    public async Task RefreshAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var toRead = new List<(string Id, long Length)>();
            var gone = new List<string>();
            foreach (var id in ids)
            {
                if (!ExecutionView.IsValidId(id)) continue;
                var length = -1L;
                if (_store is FileSystemExecutionStore files)
                {
                    var file = new FileInfo(files.Layout.HistoryFile(id));
                    if (!file.Exists)
                    {
                        if (_entries.ContainsKey(id)) gone.Add(id);
                        continue;
                    }
                    length = file.Length;
                    if (_entries.TryGetValue(id, out var entry) && entry.Length == length) continue;
                }
                toRead.Add((id, length));
            }
            await ApplyAsync(toRead, gone, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    // Reads each execution of `toRead` (in parallel), drops `gone`, and publishes a new snapshot and the changes.
    private async Task ApplyAsync(List<(string Id, long Length)> toRead, List<string> gone, CancellationToken cancellationToken)
    {
        var read = new ExecutionSummary?[toRead.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, toRead.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount), CancellationToken = cancellationToken },
            async (i, token) => read[i] = await ReadSummaryAsync(toRead[i].Id, token).ConfigureAwait(false)).ConfigureAwait(false);

        var changes = new List<ExecutionChange>();
        for (var i = 0; i < toRead.Count; i++)
        {
            var (id, length) = toRead[i];
            if (read[i] is not { } summary)
            {
                // Vanished (or mid-replacement: looked at again by the next full refresh).
                if (_entries.ContainsKey(id) && _store is not FileSystemExecutionStore) gone.Add(id);
                continue;
            }
            if (_entries.TryGetValue(id, out var old) && old.Summary == summary)
            {
                _entries[id] = old with { Length = length };
                continue;
            }
            _entries[id] = new Entry(summary, length);
            changes.Add(new ExecutionChange(id, summary.Workflow, summary.StatusText, summary.Sequence, Removed: false));
        }
        foreach (var id in gone)
        {
            if (!_entries.Remove(id, out var entry)) continue;
            changes.Add(new ExecutionChange(id, entry.Summary.Workflow, entry.Summary.StatusText, entry.Summary.Sequence, Removed: true));
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

    // In a store that says nothing about changes, an execution not finished may have gained records.
    private static bool MayChange(Entry entry) => entry.Summary.Damage is null && !StatusTransitions.IsTerminal(entry.Summary.Status);

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
                try
                {
                    lengths[file.Name[..^HistorySuffix.Length]] = file.Length;
                }
                catch (FileNotFoundException)
                {
                    // Removed while the folder was read (an archive, a restore).
                }
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

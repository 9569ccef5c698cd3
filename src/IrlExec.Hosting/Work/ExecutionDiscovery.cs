using System.IO.Enumeration;

namespace IrlExec.Hosting;

/// <summary>
/// Tells the history scan which executions a store holds. A store without a folder of its own is asked at every poll
/// (<see cref="IExecutionStore.ListAsync"/>). A filesystem root is listed only when its <c>state/</c> folder may have
/// gained or lost a history since the last listing, and not more often than its listings can afford: listing 100,000
/// executions takes a second or more, and a worker polls every second.
/// </summary>
internal abstract class ExecutionDiscovery
{
    /// <summary>The discovery for <paramref name="store"/>.</summary>
    public static ExecutionDiscovery For(IExecutionStore store, TimeProvider clock) =>
        store is FileSystemExecutionStore files ? new StateFolderDiscovery(files.Layout, clock) : new StoreListDiscovery(store);

    /// <summary>Every execution of the store, in the order to look at them; null when the last list still holds.</summary>
    public abstract ValueTask<IReadOnlyList<string>?> ListIfChangedAsync(CancellationToken cancellationToken);
}

/// <summary>Asks the store at every poll.</summary>
internal sealed class StoreListDiscovery(IExecutionStore store) : ExecutionDiscovery
{
    public override async ValueTask<IReadOnlyList<string>?> ListIfChangedAsync(CancellationToken cancellationToken) =>
        await store.ListAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// Lists <c>state/</c> when its modification time changed (a history was created or deleted: appends to a history do not
/// change the folder's time). The time is read before the listing and trusted only when it is
/// <see cref="SafeAge"/> older than that read: a history created in the same tick of the file system's clock leaves the
/// time as it was (git's "racily clean" rule). After a listing that took <c>d</c>, the next waits
/// <see cref="ListingShare"/> × <c>d</c>, so listing a large root that keeps changing takes a bounded share of a core.
/// The first listing puts the executions the index of finished executions does not name first: the ones that may need
/// recovering are looked at before the many finished ones.
/// </summary>
internal sealed class StateFolderDiscovery(ExecutionLayout layout, TimeProvider clock) : ExecutionDiscovery
{
    private const string HistorySuffix = ".history.jsonl";

    /// <summary>How much older than its read a folder time must be to be trusted.</summary>
    internal static readonly TimeSpan SafeAge = TimeSpan.FromSeconds(2);

    /// <summary>The wait after a listing, in multiples of its duration.</summary>
    internal const int ListingShare = 20;

    private FolderTime? _listed; // the folder's time read before the last listing, when it can be trusted
    private long _nextListing;   // clock timestamp before which no listing starts
    private bool _first = true;

    public override ValueTask<IReadOnlyList<string>?> ListIfChangedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetTimestamp();
        if (!_first && now < _nextListing) return ValueTask.FromResult<IReadOnlyList<string>?>(null);
        var time = FolderTime.Of(layout.StateDirectory);
        if (_listed == time) return ValueTask.FromResult<IReadOnlyList<string>?>(null);

        var started = clock.GetTimestamp();
        var ids = List(layout.StateDirectory);
        if (_first) ids = FinishedLast(ids);
        _first = false;
        var ended = clock.GetTimestamp();
        _nextListing = ended + ListingShare * (ended - started);
        _listed = time.Modified <= DateTime.UtcNow.Ticks - SafeAge.Ticks ? time : null;
        return ValueTask.FromResult<IReadOnlyList<string>?>(ids);
    }

    // The ids of the histories in the folder, by name only (no path is built per file).
    private static List<string> List(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var ids = new FileSystemEnumerable<string>(folder,
            (ref FileSystemEntry entry) => entry.FileName[..^HistorySuffix.Length].ToString(),
            new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                !entry.IsDirectory && entry.FileName.Length > HistorySuffix.Length && entry.FileName.EndsWith(HistorySuffix, StringComparison.Ordinal),
        };
        var list = ids.ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private List<string> FinishedLast(List<string> ids)
    {
        IReadOnlyDictionary<string, FinishedIndexEntry> finished;
        try
        {
            finished = FinishedIndex.Read(layout).Entries;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ExecutionDataException)
        {
            return ids; // the order only matters for how soon a recovery starts
        }
        if (finished.Count == 0) return ids;
        var ordered = new List<string>(ids.Count);
        ordered.AddRange(ids.Where(id => !finished.ContainsKey(id)));
        ordered.AddRange(ids.Where(finished.ContainsKey));
        return ordered;
    }

    /// <summary>Whether the folder exists, and its modification time (UTC ticks).</summary>
    private readonly record struct FolderTime(bool Exists, long Modified)
    {
        public static FolderTime Of(string folder)
        {
            var info = new DirectoryInfo(folder);
            return info.Exists ? new FolderTime(true, info.LastWriteTimeUtc.Ticks) : default;
        }
    }
}

using System.Globalization;

namespace IrlExec.Cli.Commands;

/// <summary>Reads executions of a root folder for the commands (through the SDK: history replay; the views only when a history is missing).</summary>
internal static class ExecutionFolder
{
    /// <summary>The state of execution <paramref name="executionId"/>, replayed from its history.</summary>
    /// <exception cref="CliException">Unknown id (exit 4), or its history is missing while a view still shows it (exit 5).</exception>
    /// <exception cref="ExecutionDataException">Its history is damaged.</exception>
    public static Task<ExecutionState> LoadAsync(ExecutionLayout layout, string executionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var loaded = Load(layout, executionId);
        if (loaded.MissingHistory is { } missing) throw CliException.Damaged(missing);
        return Task.FromResult(loaded.State);
    }

    /// <summary>
    /// An execution as the CLI shows it: replayed from its history; when the history is missing, read from the view that
    /// still shows it (<see cref="LoadedExecution.MissingHistory"/> then says so).
    /// </summary>
    /// <exception cref="CliException">Not an id, or no file shows that execution (exit 4).</exception>
    /// <exception cref="ExecutionDataException">Its history is damaged (or empty, or a link).</exception>
    public static LoadedExecution Load(ExecutionLayout layout, string executionId)
    {
        string historyFile;
        try
        {
            historyFile = layout.HistoryFile(executionId);
        }
        catch (ArgumentException)
        {
            // Any safe file-name segment is an id (run --execution-id my-run-1): say what an id may hold, not what a generated one looks like.
            throw CliException.NotAnExecutionId(executionId);
        }
        if (File.Exists(historyFile) || new FileInfo(historyFile).LinkTarget is not null)
        {
            using var store = new FileSystemExecutionStore(layout);
            var history = store.ReadAsync(executionId, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (history is { Count: > 0 })
            {
                var state = ExecutionStateProjector.Replay(history);
                state.ExecutionId = executionId;
                return new LoadedExecution(state, null);
            }
        }
        if (ExecutionStateMarkdownFallback.Find(layout, executionId) is { } fromMarkdown)
        {
            var source = File.Exists(layout.MarkdownFile(executionId)) ? layout.MarkdownFile(executionId) : layout.WorkspaceStateFile;
            return new LoadedExecution(fromMarkdown,
                $"{historyFile}:0: the history (the execution's record) is missing; shown from {source}. 'irlexec resume {executionId} --assembly <dll>' starts a new history from it.");
        }
        if (File.Exists(layout.SnapshotFile(executionId)) && SnapshotWriter.Read(layout.SnapshotFile(executionId)) is { } fromSnapshot && fromSnapshot.ExecutionId == executionId)
        {
            return new LoadedExecution(fromSnapshot,
                $"{historyFile}:0: the history (the execution's record) is missing; shown from {layout.SnapshotFile(executionId)}. No markdown copy holds it, so it cannot be resumed.");
        }
        throw CliException.UnknownId($"No execution '{executionId}' in {layout.StateDirectory}. 'irlexec list' shows the executions.");
    }

    /// <summary>
    /// The ids of every execution under the root, from one listing of <c>execution/state/</c>: those with a history, and
    /// those whose history is missing while their snapshot or markdown copy still shows them. The listing builds no path
    /// and one string per execution (the folder holds several files per execution the root has seen).
    /// </summary>
    public static StateListing ListIds(ExecutionLayout layout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (ListingsCounted.Value is { } counted) Interlocked.Increment(ref counted.Value);
        var listing = new StateListing();
        if (!Directory.Exists(layout.StateDirectory)) return listing;
        var ids = listing.Ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var order = 0;
        // Links too (a history that is a link is listed, and reported as damaged when read).
        var entries = new System.IO.Enumeration.FileSystemEnumerable<bool>(layout.StateDirectory, (ref System.IO.Enumeration.FileSystemEntry entry) =>
        {
            var name = entry.FileName;
            if (name.StartsWith('.')) return false;
            ReadOnlySpan<char> id;
            var history = false;
            if (name.EndsWith(HistorySuffix, StringComparison.Ordinal))
            {
                id = name[..^HistorySuffix.Length];
                history = true;
            }
            else if (name.EndsWith(".json", StringComparison.Ordinal)) id = name[..^5];
            else if (name.EndsWith(".md", StringComparison.Ordinal)) id = name[..^3];
            else return false;
            ids.TryGetValue(id, out var seen);
            if (history && seen.HistoryOrder == 0) seen.HistoryOrder = ++order;
            else if (!history) seen.View = true;
            ids[id] = seen;
            return true;
        }, new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false });
        foreach (var _ in entries) cancellationToken.ThrowIfCancellationRequested();
        foreach (var (id, seen) in listing.Ids)
        {
            if (!IsId(id)) listing.Ids.Remove(id);
            else if (seen.HistoryOrder > 0) continue;
            else if (!seen.View) listing.Ids.Remove(id);
            else
            {
                listing.ViewCandidates.Add(id);
                if (ExecutionStateFiles.ShowsExecution(layout, id)) listing.ViewOnly.Add(id);
                else listing.Ids.Remove(id);
            }
        }
        listing.ViewCandidates.Sort(StringComparer.Ordinal);
        listing.ViewOnly.Sort(StringComparer.Ordinal);
        return listing;
    }

    /// <summary>
    /// When set (a test sets it for the calls it makes), counts the listings of <c>execution/state/</c> made by
    /// <see cref="ListIds"/> in that flow of calls: a test sees whether a command listed the folder.
    /// </summary>
    internal static readonly AsyncLocal<System.Runtime.CompilerServices.StrongBox<int>?> ListingsCounted = new();

    private const string HistorySuffix = ".history.jsonl";

    /// <summary>Whether <paramref name="id"/> is a name IrlExec gives an execution.</summary>
    internal static bool IsId(string id)
    {
        try
        {
            PathSafety.ExecutionId(id);
            return id.Length > 0;
        }
        catch (ArgumentException)
        {
            return false; // not a name IrlExec gives an execution
        }
    }

    /// <summary>The files an execution wrote (the result only once it finished).</summary>
    public static ExecutionFiles FilesOf(ExecutionLayout layout, ExecutionState state) => new(
        ExecutionState: layout.MarkdownFile(state.ExecutionId),
        Log: string.IsNullOrEmpty(state.RunLabel) ? "" : layout.LogFile(state.RunLabel),
        History: layout.HistoryFile(state.ExecutionId),
        Snapshot: layout.SnapshotFile(state.ExecutionId),
        Result: StatusTransitions.IsTerminal(state.Status) && !string.IsNullOrEmpty(state.RunLabel) ? layout.ResultFile(state.Workflow, state.RunLabel) : null);

    public static string Time(DateTimeOffset? time) =>
        time is null || time.Value == default ? "-" : time.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Money(decimal amount) => "$" + amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>An execution as the CLI shows it.</summary>
/// <param name="State">Its state: replayed from the history, or read from a view when the history is missing.</param>
/// <param name="MissingHistory">When the history is missing: the message that says so, naming the file; else null.</param>
internal sealed record LoadedExecution(ExecutionState State, string? MissingHistory);

/// <summary>What one listing of <c>execution/state/</c> found (<see cref="ExecutionFolder.ListIds"/>).</summary>
internal sealed class StateListing
{
    /// <summary>Every execution id with a history (<see cref="Seen.HistoryOrder"/> above 0), or a view that shows it without one.</summary>
    public Dictionary<string, Seen> Ids { get; } = new(StringComparer.Ordinal);

    /// <summary>The executions whose history is missing while their snapshot or markdown still shows them, in id order.</summary>
    public List<string> ViewOnly { get; } = [];

    /// <summary>The ids with a snapshot or markdown copy and no history, whether or not the file shows that execution, in id order.</summary>
    public List<string> ViewCandidates { get; } = [];

    /// <summary>What the listing saw of an id, and what the index says of it.</summary>
    /// <param name="HistoryOrder">Where its history came in the listing (from 1), 0 when it has none.</param>
    /// <param name="View">A snapshot or markdown copy of it is there.</param>
    /// <param name="Finished">When the index lists it as finished: the time it gives (else null).</param>
    /// <param name="FinishedLine">The number of the index line that gives <paramref name="Finished"/> (the last naming it).</param>
    internal record struct Seen(int HistoryOrder, bool View, DateTimeOffset? Finished, int FinishedLine = 0);
}

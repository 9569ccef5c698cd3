namespace IrlExec;

/// <summary>
/// Reads executions' states from the files under a root, for tools that look after an <c>execution/</c> folder (the
/// manifest refresh, training data export, the CLI): from the history when there is one (the record), else from the JSON
/// snapshot, else from the markdown copy <c>execution/state/&lt;id&gt;.md</c>.
/// </summary>
public static class ExecutionStateFiles
{
    private const string HistorySuffix = ".history.jsonl";

    /// <summary>The ids of every execution with a history, snapshot or markdown file under <c>execution/state/</c>.</summary>
    public static IReadOnlyList<string> ListIds(ExecutionLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!Directory.Exists(layout.StateDirectory)) return [];
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(layout.StateDirectory))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.')) continue; // temporary files of atomic writes
            string? id = name.EndsWith(HistorySuffix, StringComparison.Ordinal) ? name[..^HistorySuffix.Length]
                : name.EndsWith(".json", StringComparison.Ordinal) ? name[..^5]
                : name.EndsWith(".md", StringComparison.Ordinal) ? name[..^3]
                : null;
            if (id is { Length: > 0 }) ids.Add(id);
        }
        return [.. ids];
    }

    /// <summary>
    /// Whether the snapshot or markdown copy named after <paramref name="executionId"/> is that execution's (it names the
    /// id), as opposed to a file a workflow keeps in <c>execution/state/</c> for itself (e.g. <c>quarantine-state.json</c>).
    /// A file that cannot be read as an execution's view does not count.
    /// </summary>
    public static bool ShowsExecution(ExecutionLayout layout, string executionId)
    {
        ArgumentNullException.ThrowIfNull(layout);
        foreach (var (file, read) in new (string, Func<string, ExecutionState>)[] { (layout.MarkdownFile(executionId), ExecutionStateMarkdownParser.ReadFile), (layout.SnapshotFile(executionId), SnapshotWriter.Read) })
        {
            if (!File.Exists(file)) continue;
            try
            {
                if (read(file).ExecutionId == executionId) return true;
            }
            catch (ExecutionDataException)
            {
                // Not an execution's view (or one damaged past reading).
            }
        }
        return false;
    }

    /// <summary>The ids of every execution with a history file under <c>execution/state/</c>, in order.</summary>
    internal static IReadOnlyList<string> HistoryIds(ExecutionLayout layout)
    {
        if (!Directory.Exists(layout.StateDirectory)) return [];
        var ids = new List<string>();
        foreach (var file in Directory.EnumerateFiles(layout.StateDirectory, "*" + HistorySuffix))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.') || name.Length == HistorySuffix.Length) continue;
            var id = name[..^HistorySuffix.Length];
            try
            {
                ids.Add(PathSafety.ExecutionId(id));
            }
            catch (ArgumentException)
            {
                // Not a name IrlExec writes: not an execution.
            }
        }
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    /// <summary>The state of execution <paramref name="executionId"/>, or null when no file holds it.</summary>
    /// <exception cref="ExecutionDataException">The file it is read from is damaged.</exception>
    public static ExecutionState? Read(ExecutionLayout layout, string executionId)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (FileSystemExecutionStore.ReadHistory(layout.HistoryFile(executionId)) is { } history)
        {
            var state = ExecutionStateProjector.Replay(history.Records);
            state.ExecutionId = executionId;
            return state;
        }
        if (File.Exists(layout.SnapshotFile(executionId))) return SnapshotWriter.Read(layout.SnapshotFile(executionId));
        if (File.Exists(layout.MarkdownFile(executionId))) return ExecutionStateMarkdownParser.ReadFile(layout.MarkdownFile(executionId));
        return null;
    }

    /// <summary>The states of every execution under <paramref name="layout"/>, ordered by id.</summary>
    /// <exception cref="ExecutionDataException">A state file is damaged.</exception>
    public static IReadOnlyList<ExecutionState> ReadAll(ExecutionLayout layout) =>
        ListIds(layout).Select(id => Read(layout, id)).OfType<ExecutionState>().ToList();
}

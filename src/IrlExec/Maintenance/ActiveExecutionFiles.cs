using System.Text.Json;

namespace IrlExec;

/// <summary>
/// The files maintenance must not touch because their execution is still active: each execution whose history has not
/// finished (paused, running, or interrupted), and each execution whose history cannot be read (it may not have
/// finished), with its log file and its result file. Decided from the histories, never from a derived file such as
/// <c>execution/active/workflows.json</c>.
/// </summary>
internal sealed class ActiveExecutionFiles
{
    private readonly Dictionary<string, ActiveWorkflowEntry> _byPath;
    private readonly Dictionary<string, ActiveWorkflowEntry> _byExecutionId;
    private readonly HashSet<string> _unreadable;

    private ActiveExecutionFiles(Dictionary<string, ActiveWorkflowEntry> byPath, Dictionary<string, ActiveWorkflowEntry> byExecutionId, HashSet<string> unreadable)
    {
        _byPath = byPath;
        _byExecutionId = byExecutionId;
        _unreadable = unreadable;
    }

    /// <summary>Why <paramref name="owner"/>'s files are left alone, for the report.</summary>
    public string Reason(ActiveWorkflowEntry owner) => _unreadable.Contains(owner.ExecutionId)
        ? $"execution {owner.ExecutionId} ({owner.Workflow}) may be active: its history cannot be read ('irlexec validate' says why)"
        : $"execution {owner.ExecutionId} ({owner.Workflow}) is active ({StatusTransitions.ToWireName(owner.Status)})";

    /// <summary>Reads the histories of <paramref name="layout"/>: their last record says whether they finished.</summary>
    public static ActiveExecutionFiles Load(ExecutionLayout layout)
    {
        var byPath = new Dictionary<string, ActiveWorkflowEntry>(PathComparer);
        var byId = new Dictionary<string, ActiveWorkflowEntry>(StringComparer.Ordinal);
        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ExecutionStateFiles.HistoryIds(layout))
        {
            if (Active(layout, id, unreadable) is not { } entry) continue;
            byId[id] = entry;
            if (entry.LogFile.Length == 0) continue;
            byPath[Path.GetFullPath(Path.Combine(layout.ExecutionDirectory, entry.LogFile))] = entry;
            try
            {
                byPath[layout.ResultFile(entry.Workflow, Path.GetFileNameWithoutExtension(entry.LogFile))] = entry;
            }
            catch (ArgumentException)
            {
                // A name that cannot form a result path has no result file to protect; its execution id still does.
            }
        }
        return new ActiveExecutionFiles(byPath, byId, unreadable);
    }

    // The execution as an active entry, or null when its history says it finished.
    private static ActiveWorkflowEntry? Active(ExecutionLayout layout, string id, HashSet<string> unreadable)
    {
        var path = layout.HistoryFile(id);
        try
        {
            if (HistoryFiles.IsFinished(path)) return null;
            var state = ExecutionStateProjector.Replay(FileSystemExecutionStore.ReadHistory(path)?.Records ?? []);
            return new ActiveWorkflowEntry
            {
                ExecutionId = id, Workflow = state.Workflow, Status = state.Status, Started = state.StartTime,
                LogFile = state.RunLabel.Length == 0 ? "" : layout.RelativeToExecution(layout.LogFile(state.RunLabel)),
            };
        }
        catch (Exception e) when (e is ExecutionDataException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // It cannot be read whole: it may not have finished. Its first record still names its files when it is intact.
            unreadable.Add(id);
            var first = HistoryFiles.FirstRecordOrNull(path);
            var workflow = first?.Workflow ?? first?.RestoredState?.Workflow ?? "";
            var runLabel = first?.RunLabel ?? first?.RestoredState?.RunLabel ?? "";
            string log;
            try
            {
                log = runLabel.Length == 0 ? "" : layout.RelativeToExecution(layout.LogFile(runLabel));
            }
            catch (ArgumentException)
            {
                log = "";
            }
            return new ActiveWorkflowEntry { ExecutionId = id, Workflow = workflow, Status = ExecutionStatus.InProgress, LogFile = log };
        }
    }

    /// <summary>The active execution that owns the log or result at <paramref name="fullPath"/>, judged by its name.</summary>
    public ActiveWorkflowEntry? OwnerByPath(string fullPath) => _byPath.GetValueOrDefault(Path.GetFullPath(fullPath));

    /// <summary>
    /// The active execution that owns the result file at <paramref name="fullPath"/>: by its name, or by the
    /// <c>execution_id</c> the file holds.
    /// </summary>
    public ActiveWorkflowEntry? OwnerOfResult(string fullPath)
    {
        if (OwnerByPath(fullPath) is { } owner) return owner;
        if (_byExecutionId.Count == 0) return null;
        var id = TryReadExecutionId(fullPath);
        return id is null ? null : _byExecutionId.GetValueOrDefault(id);
    }

    private static StringComparer PathComparer => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>The top-level <c>execution_id</c> string of a JSON file, or null when it has none or cannot be read.</summary>
    internal static string? TryReadExecutionId(string path)
    {
        try
        {
            var reader = new Utf8JsonReader(File.ReadAllBytes(path), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("execution_id"u8);
                if (!reader.Read()) return null;
                if (isId) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

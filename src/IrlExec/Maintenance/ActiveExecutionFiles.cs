using System.Text.Json;

namespace IrlExec;

/// <summary>
/// The files maintenance must not touch because their execution is still active (listed in
/// <c>execution/active/workflows.json</c>): each active execution's log file and its result file.
/// </summary>
internal sealed class ActiveExecutionFiles
{
    private readonly Dictionary<string, ActiveWorkflowEntry> _byPath;
    private readonly Dictionary<string, ActiveWorkflowEntry> _byExecutionId;

    private ActiveExecutionFiles(Dictionary<string, ActiveWorkflowEntry> byPath, Dictionary<string, ActiveWorkflowEntry> byExecutionId)
    {
        _byPath = byPath;
        _byExecutionId = byExecutionId;
    }

    /// <summary>Reads the active list of <paramref name="layout"/> (none when the file does not exist).</summary>
    /// <exception cref="ExecutionDataException">The active list is damaged: maintenance refuses to guess what is active.</exception>
    public static ActiveExecutionFiles Load(ExecutionLayout layout)
    {
        var byPath = new Dictionary<string, ActiveWorkflowEntry>(PathComparer);
        var byId = new Dictionary<string, ActiveWorkflowEntry>(StringComparer.Ordinal);
        var document = ActiveWorkflowsWriter.Read(layout.ActiveWorkflowsFile);
        foreach (var entry in document?.Workflows ?? [])
        {
            if (!string.IsNullOrEmpty(entry.ExecutionId)) byId[entry.ExecutionId] = entry;
            if (string.IsNullOrWhiteSpace(entry.LogFile)) continue;
            var log = Path.GetFullPath(Path.Combine(layout.ExecutionDirectory, entry.LogFile));
            byPath[log] = entry;
            var runLabel = Path.GetFileNameWithoutExtension(log);
            try
            {
                byPath[layout.ResultFile(entry.Workflow, runLabel)] = entry;
            }
            catch (ArgumentException)
            {
                // A name that cannot form a result path has no result file to protect; its execution id still does.
            }
        }
        return new ActiveExecutionFiles(byPath, byId);
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

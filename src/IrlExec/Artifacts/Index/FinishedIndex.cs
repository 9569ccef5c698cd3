using System.Buffers;
using System.Text.Json;

namespace IrlExec;

/// <summary>One finished execution as the index of a root lists it (<see cref="FinishedIndex"/>).</summary>
/// <param name="ExecutionId">The execution.</param>
/// <param name="LastUpdated">When it finished (the time of its terminal status change).</param>
/// <param name="Status">How it finished.</param>
/// <param name="Workflow">The workflow.</param>
/// <param name="RunLabel">The run label (names its log and result files).</param>
public sealed record FinishedIndexEntry(string ExecutionId, DateTimeOffset LastUpdated, ExecutionStatus Status, string Workflow, string RunLabel)
{
    /// <summary>The entry the history of a finished execution gives.</summary>
    public static FinishedIndexEntry For(ExecutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(state.ExecutionId, state.LastUpdated, state.Status, state.Workflow, state.RunLabel);
    }
}

/// <summary>What <see cref="FinishedIndex.Read"/> found in the index file.</summary>
public sealed class FinishedIndexContents
{
    internal FinishedIndexContents(bool exists, Dictionary<string, FinishedIndexEntry> entries, List<ExecutionDataException> problems)
    {
        Exists = exists;
        _entries = entries;
        Entries = entries;
        Problems = problems;
    }

    private readonly Dictionary<string, FinishedIndexEntry> _entries;

    /// <summary>Whether the file exists.</summary>
    public bool Exists { get; }

    /// <summary>The entry of each execution the index lists (the last line of an execution listed twice).</summary>
    public IReadOnlyDictionary<string, FinishedIndexEntry> Entries { get; }

    /// <summary>Records an entry just appended to the file.</summary>
    internal void Put(FinishedIndexEntry entry) => _entries[entry.ExecutionId] = entry;

    /// <summary>The lines that cannot be read (a torn last line, which a process stopped while writing, is not one).</summary>
    public IReadOnlyList<ExecutionDataException> Problems { get; }
}

/// <summary>
/// <c>execution/index/finished.jsonl</c>: one JSON line per finished execution (when it finished, its id, status, workflow
/// and run label), appended when its history records its end. It lets <c>irlexec list</c> find the most recent executions
/// of a large root without replaying every history. It is a view of the histories like the others: derived, never
/// trusted over a history (list reads the histories of the executions it shows), compared with them by
/// <see cref="ViewRepair"/> and rebuilt from them by a repair. Appends from many processes are serialized with a lock
/// file (<c>finished.jsonl.lock</c>); it is not flushed to disk (a view: a lost line is rebuilt).
/// </summary>
public static class FinishedIndex
{
    /// <summary><c>execution/index/finished.jsonl</c>.</summary>
    public static string FilePath(ExecutionLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Path.Combine(layout.ExecutionDirectory, "index", "finished.jsonl");
    }

    /// <summary>Appends <paramref name="state"/>'s entry (a finished execution); a torn last line is ended first.</summary>
    internal static void Append(ExecutionLayout layout, ExecutionState state)
    {
        var path = FilePath(layout);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ExecutionLinks.Refuse(layout, path);
        var line = Line(FinishedIndexEntry.For(state));
        using var _ = CrossProcessLock.Acquire(path + ".lock", TimeSpan.FromSeconds(30));
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
        var length = stream.Length;
        var torn = false;
        if (length > 0)
        {
            stream.Seek(length - 1, SeekOrigin.Begin);
            torn = stream.ReadByte() != '\n';
        }
        stream.Seek(length, SeekOrigin.Begin);
        if (torn)
        {
            // The line a stopped process was writing is ended here, so it stays one unreadable line and not part of this one.
            stream.WriteByte((byte)'\n');
        }
        stream.Write(line);
    }

    /// <summary>
    /// Rewrites the index atomically with <paramref name="entries"/>, keeping the lines of the executions
    /// <paramref name="keep"/> names as they are (those a repair did not look at: held by a runner, or unreadable).
    /// </summary>
    internal static void Rebuild(ExecutionLayout layout, IEnumerable<FinishedIndexEntry> entries, IReadOnlySet<string> keep)
    {
        var path = FilePath(layout);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var _ = CrossProcessLock.Acquire(path + ".lock", TimeSpan.FromSeconds(30));
        var kept = keep.Count == 0 ? [] : Read(layout).Entries.Values.Where(e => keep.Contains(e.ExecutionId)).ToList();
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var entry in kept.Concat(entries).OrderBy(e => e.LastUpdated).ThenBy(e => e.ExecutionId, StringComparer.Ordinal)) buffer.Write(Line(entry));
        AtomicFile.WriteAllBytes(path, buffer.WrittenSpan, flushToDisk: false);
    }

    /// <summary>Reads the index; a missing file reads as an empty index (<see cref="FinishedIndexContents.Exists"/> false).</summary>
    public static FinishedIndexContents Read(ExecutionLayout layout)
    {
        var path = FilePath(layout);
        var entries = new Dictionary<string, FinishedIndexEntry>(StringComparer.Ordinal);
        var problems = new List<ExecutionDataException>();
        byte[] data;
        try
        {
            ExecutionLinks.RefuseLink(path);
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new FinishedIndexContents(false, entries, problems);
        }
        var span = data.AsSpan();
        var line = 0;
        while (span.Length > 0)
        {
            line++;
            var end = span.IndexOf((byte)'\n');
            if (end < 0) break; // a torn last line: the process that wrote it stopped; it is ended by the next append
            if (TryParse(span[..end], out var entry, out var problem)) entries[entry.ExecutionId] = entry;
            else problems.Add(new ExecutionDataException(path, line, problem));
            span = span[(end + 1)..];
        }
        return new FinishedIndexContents(true, entries, problems);
    }

    /// <summary>What differs between an index entry and the entry the history gives, in words; null when they agree.</summary>
    internal static string? Differs(FinishedIndexEntry listed, FinishedIndexEntry expected)
    {
        if (listed == expected) return null;
        return $"lists it as {StatusTransitions.ToWireName(listed.Status)} at {LogLine.FormatTimestamp(listed.LastUpdated)} (workflow '{listed.Workflow}', run '{listed.RunLabel}'); the history: {StatusTransitions.ToWireName(expected.Status)} at {LogLine.FormatTimestamp(expected.LastUpdated)} (workflow '{expected.Workflow}', run '{expected.RunLabel}').";
    }

    private static byte[] Line(FinishedIndexEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("updated", entry.LastUpdated.ToUniversalTime());
            writer.WriteString("id", entry.ExecutionId);
            writer.WriteString("status", StatusTransitions.ToWireName(entry.Status));
            writer.WriteString("workflow", entry.Workflow);
            writer.WriteString("run", entry.RunLabel);
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static bool TryParse(ReadOnlySpan<byte> line, out FinishedIndexEntry entry, out string problem)
    {
        entry = null!;
        DateTimeOffset? updated = null;
        string? id = null, status = null, workflow = null, run = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = "not a JSON object.";
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                if (!reader.Read())
                {
                    problem = "the line ends inside its object.";
                    return false;
                }
                if (name.SequenceEqual("updated"u8) && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var time)) updated = time;
                else if (name.SequenceEqual("id"u8) && reader.TokenType == JsonTokenType.String) id = reader.GetString();
                else if (name.SequenceEqual("status"u8) && reader.TokenType == JsonTokenType.String) status = reader.GetString();
                else if (name.SequenceEqual("workflow"u8) && reader.TokenType == JsonTokenType.String) workflow = reader.GetString();
                else if (name.SequenceEqual("run"u8) && reader.TokenType == JsonTokenType.String) run = reader.GetString();
                else reader.Skip();
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                problem = "not one JSON object.";
                return false;
            }
        }
        catch (JsonException e)
        {
            problem = "not valid JSON: " + e.Message;
            return false;
        }
        if (updated is null || id is null || workflow is null || run is null || !StatusTransitions.TryParseExecutionStatus(status, out var parsed) || !StatusTransitions.IsTerminal(parsed))
        {
            problem = "an entry needs \"updated\" (a time), \"id\", a finished \"status\", \"workflow\" and \"run\".";
            return false;
        }
        try
        {
            PathSafety.ExecutionId(id);
        }
        catch (ArgumentException)
        {
            problem = $"'{id}' is not an execution id.";
            return false;
        }
        entry = new FinishedIndexEntry(id, updated.Value, parsed, workflow, run);
        problem = "";
        return true;
    }
}

/// <summary>Appends a finished execution's entry to the index (<see cref="FinishedIndex"/>) when its history records its end.</summary>
public sealed class FinishedIndexWriter(ExecutionLayout layout) : IExecutionObserver, IViewFile
{
    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        if (StatusTransitions.IsTerminal(state.Status) && records.Any(r => r.Kind == ExecutionEventKind.StatusChanged && r.Status is { } to && StatusTransitions.IsTerminal(to)))
        {
            FinishedIndex.Append(layout, state);
        }
        return ValueTask.CompletedTask;
    }

    string? IViewFile.FileFor(ExecutionState state) => FinishedIndex.FilePath(layout);
}

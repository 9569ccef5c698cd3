using System.Buffers;
using System.Text;
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
        ExecutionLinks.Refuse(layout, path);
        var line = Line(FinishedIndexEntry.For(state));
        using var _ = CrossProcessLock.Acquire(path + ".lock", TimeSpan.FromSeconds(30)); // creates the folder when it is missing
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
            var parsed = new LineParser(span[..end], wantStrings: true);
            if (parsed.Problem is null) entries[parsed.Id!] = new FinishedIndexEntry(parsed.Id!, parsed.Updated, parsed.Status, parsed.Workflow!, parsed.Run!);
            else problems.Add(new ExecutionDataException(path, line, parsed.Problem));
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

    /// <summary>
    /// Reads the index line by line without building its entries (for a listing of a large root): calls
    /// <paramref name="visit"/> with the id and time of each readable line, in file order (so a later line of an execution
    /// comes after an earlier one), and returns the lines that cannot be read as <see cref="Read"/> reports them. The id is
    /// only valid during the call.
    /// </summary>
    /// <param name="layout">The root.</param>
    /// <param name="visit">Called for each readable line.</param>
    /// <returns>Whether the file exists, and its unreadable lines.</returns>
    public static (bool Exists, IReadOnlyList<ExecutionDataException> Problems) Scan(ExecutionLayout layout, LineVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        return Scan(layout, (int _, ReadOnlySpan<char> executionId, DateTimeOffset updated) => visit(executionId, updated));
    }

    /// <summary>
    /// Reads the index line by line as <see cref="Scan(ExecutionLayout, LineVisitor)"/> does, and gives <paramref name="visit"/>
    /// the number of each readable line too (from 1, counting the unreadable lines, as the problems number them): the
    /// same file gives the same numbers, so a reader can remember lines of it by number.
    /// </summary>
    /// <param name="layout">The root.</param>
    /// <param name="visit">Called for each readable line, in file order.</param>
    /// <returns>Whether the file exists, and its unreadable lines.</returns>
    public static (bool Exists, IReadOnlyList<ExecutionDataException> Problems) Scan(ExecutionLayout layout, NumberedLineVisitor visit)
    {
        var scan = Scan(layout, long.MaxValue, -1, visit);
        return (scan.Exists, scan.Problems);
    }

    /// <summary>
    /// Reads the first <paramref name="length"/> bytes of the index as <see cref="Scan(ExecutionLayout, NumberedLineVisitor)"/>
    /// reads the file (the lines that end within them), and hashes what it reads: all of it, and its first
    /// <paramref name="prefix"/> bytes. A reader that remembers the length and hash of the file as it was knows from them
    /// whether the file has only grown since (the same first bytes) or was rewritten.
    /// </summary>
    /// <param name="layout">The root.</param>
    /// <param name="length">How many bytes to read at most (<see cref="long.MaxValue"/>: the whole file).</param>
    /// <param name="prefix">The length of the prefix to hash too (negative: none).</param>
    /// <param name="visit">Called for each readable line, in file order.</param>
    public static FinishedIndexScan Scan(ExecutionLayout layout, long length, long prefix, NumberedLineVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var path = FilePath(layout);
        var problems = new List<ExecutionDataException>();
        FileStream stream;
        try
        {
            ExecutionLinks.RefuseLink(path);
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new FinishedIndexScan(false, problems, 0, 0, StreamHash.Empty.Value, prefix == 0 ? 0 : null, prefix == 0 ? StreamHash.Empty.Value : null);
        }
        var hashing = prefix >= 0;
        var hash = new StreamHash();
        ulong? atPrefix = prefix == 0 ? hash.Value : null;
        var prefixLines = 0; // the lines that end within the prefix
        long offset = 0; // bytes read
        long lineStart = 0; // where the next line begins
        var line = 0;
        using (stream)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
            Span<char> id = stackalloc char[200];
            var kept = 0;
            try
            {
                while (offset < length)
                {
                    if (kept == buffer.Length)
                    {
                        // A line longer than the buffer: a bigger one.
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, kept).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    var read = stream.Read(buffer, kept, (int)Math.Min(buffer.Length - kept, length - offset));
                    if (read == 0) break; // what is left has no newline: a torn last line, ignored as Read ignores it
                    if (hashing)
                    {
                        var chunk = buffer.AsSpan(kept, read);
                        if (atPrefix is null && offset + read >= prefix)
                        {
                            var before = (int)(prefix - offset);
                            hash.Append(chunk[..before]);
                            atPrefix = hash.Value;
                            hash.Append(chunk[before..]);
                        }
                        else hash.Append(chunk);
                    }
                    offset += read;
                    var data = buffer.AsSpan(0, kept + read);
                    while (true)
                    {
                        var end = data.IndexOf((byte)'\n');
                        if (end < 0) break;
                        line++;
                        lineStart += end + 1;
                        if (lineStart <= prefix) prefixLines = line;
                        var parsed = new LineParser(data[..end], wantStrings: false);
                        if (parsed.Problem is not null) problems.Add(new ExecutionDataException(path, line, parsed.Problem));
                        else
                        {
                            var idLength = parsed.CopyId(id);
                            visit(line, id[..idLength], parsed.Updated);
                        }
                        data = data[(end + 1)..];
                    }
                    data.CopyTo(buffer);
                    kept = data.Length;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        return new FinishedIndexScan(true, problems, offset, line, hash.Value, atPrefix is null ? null : prefixLines, atPrefix);
    }

    /// <summary>What <see cref="Scan(ExecutionLayout, LineVisitor)"/> calls for each readable line.</summary>
    /// <param name="executionId">The execution (valid during the call only).</param>
    /// <param name="updated">When it finished, as the line says.</param>
    public delegate void LineVisitor(ReadOnlySpan<char> executionId, DateTimeOffset updated);

    /// <summary>What <see cref="Scan(ExecutionLayout, NumberedLineVisitor)"/> calls for each readable line.</summary>
    /// <param name="line">The line's number in the file, from 1.</param>
    /// <param name="executionId">The execution (valid during the call only).</param>
    /// <param name="updated">When it finished, as the line says.</param>
    public delegate void NumberedLineVisitor(int line, ReadOnlySpan<char> executionId, DateTimeOffset updated);

    // One line of the index, checked as Read and Scan both check it. With wantStrings false nothing is allocated for a
    // line that reads (the id stays in the line's bytes unless JSON escapes it).
    private ref struct LineParser
    {
        // The status of the last line, so a run of lines with the same status parses it once.
        [ThreadStatic]
        private static (byte[] Text, ExecutionStatus Status)? t_lastStatus;

        private ReadOnlySpan<byte> _idBytes;

        public DateTimeOffset Updated;
        public string? Id;
        public ExecutionStatus Status;
        public string? Workflow;
        public string? Run;
        public string? Problem;

        public LineParser(ReadOnlySpan<byte> line, bool wantStrings)
        {
            DateTimeOffset? updated = null;
            bool hasId = false, hasStatus = false, hasWorkflow = false, hasRun = false, statusParsed = false;
            ExecutionStatus status = default;
            string? escapedId = null;
            try
            {
                var reader = new Utf8JsonReader(line);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    Problem = "not a JSON object.";
                    return;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.ValueSpan;
                    if (!reader.Read())
                    {
                        Problem = "the line ends inside its object.";
                        return;
                    }
                    var isString = reader.TokenType == JsonTokenType.String;
                    if (name.SequenceEqual("updated"u8) && isString && reader.TryGetDateTimeOffset(out var time)) updated = time;
                    else if (name.SequenceEqual("id"u8) && isString)
                    {
                        hasId = true;
                        if (wantStrings) Id = reader.GetString();
                        else if (reader.ValueIsEscaped) escapedId = reader.GetString();
                        else
                        {
                            escapedId = null;
                            _idBytes = reader.ValueSpan;
                        }
                    }
                    else if (name.SequenceEqual("status"u8) && isString)
                    {
                        hasStatus = true;
                        statusParsed = ParseStatus(ref reader, out status);
                    }
                    else if (name.SequenceEqual("workflow"u8) && isString)
                    {
                        hasWorkflow = true;
                        if (wantStrings) Workflow = reader.GetString();
                    }
                    else if (name.SequenceEqual("run"u8) && isString)
                    {
                        hasRun = true;
                        if (wantStrings) Run = reader.GetString();
                    }
                    else reader.Skip();
                }
                if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                {
                    Problem = "not one JSON object.";
                    return;
                }
            }
            catch (JsonException e)
            {
                Problem = "not valid JSON: " + e.Message;
                return;
            }
            if (updated is null || !hasId || !hasWorkflow || !hasRun || !hasStatus || !statusParsed || !StatusTransitions.IsTerminal(status))
            {
                Problem = "an entry needs \"updated\" (a time), \"id\", a finished \"status\", \"workflow\" and \"run\".";
                return;
            }
            Updated = updated.Value;
            Status = status;
            if (escapedId is not null) Id = escapedId;
            var safe = Id is not null ? PathSafety.IsSafeSegment(Id) : IsSafeAscii(_idBytes);
            if (!safe)
            {
                Problem = $"'{Id ?? Encoding.UTF8.GetString(_idBytes)}' is not an execution id.";
                return;
            }
        }

        /// <summary>Copies the id (safe, so ASCII and at most 200 characters) into <paramref name="destination"/>; returns its length.</summary>
        public readonly int CopyId(Span<char> destination)
        {
            if (Id is not null)
            {
                Id.AsSpan().CopyTo(destination);
                return Id.Length;
            }
            for (var i = 0; i < _idBytes.Length; i++) destination[i] = (char)_idBytes[i];
            return _idBytes.Length;
        }

        private static bool IsSafeAscii(ReadOnlySpan<byte> id)
        {
            if (id.Length is 0 or > 200) return false;
            Span<char> chars = stackalloc char[id.Length];
            for (var i = 0; i < id.Length; i++)
            {
                if (id[i] > 127) return false;
                chars[i] = (char)id[i];
            }
            return PathSafety.IsSafeSegment(chars);
        }

        private static bool ParseStatus(ref Utf8JsonReader reader, out ExecutionStatus status)
        {
            if (!reader.ValueIsEscaped && t_lastStatus is { } last && reader.ValueSpan.SequenceEqual(last.Text))
            {
                status = last.Status;
                return true;
            }
            var parsed = StatusTransitions.TryParseExecutionStatus(reader.GetString(), out status);
            if (parsed && !reader.ValueIsEscaped) t_lastStatus = (reader.ValueSpan.ToArray(), status);
            return parsed;
        }
    }
}

/// <summary>Appends a finished execution's entry to the index (<see cref="FinishedIndex"/>) when its history records its end.</summary>
public sealed class FinishedIndexWriter(ExecutionLayout layout) : IExecutionObserver, IViewFile, IIndependentView
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

    // Appends a line of its own from the state alone (under the index's lock): written at the same time as the views next to it.
    bool IIndependentView.RunsAlongside(ExecutionState state) => true;
}

/// <summary>What <see cref="FinishedIndex.Scan(ExecutionLayout, long, long, FinishedIndex.NumberedLineVisitor)"/> read.</summary>
/// <param name="Exists">Whether the file exists.</param>
/// <param name="Problems">The lines that cannot be read.</param>
/// <param name="Length">How many bytes were read (all of the file when it is shorter than the length asked for).</param>
/// <param name="Lines">How many lines end within them.</param>
/// <param name="Hash">A 64-bit hash of the bytes read (not a cryptographic one: it tells a file that only grew from one that was rewritten).</param>
/// <param name="PrefixLines">How many lines end within the prefix; null when fewer bytes than the prefix were read.</param>
/// <param name="PrefixHash">The hash of the prefix, as <paramref name="Hash"/> would be for a file of that length; null when fewer bytes than the prefix were read.</param>
public readonly record struct FinishedIndexScan(bool Exists, IReadOnlyList<ExecutionDataException> Problems, long Length, int Lines, ulong Hash, int? PrefixLines, ulong? PrefixHash);

/// <summary>A 64-bit hash of a stream of bytes, fed in parts of any size (the same bytes give the same hash however they are cut).</summary>
internal struct StreamHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL, Prime2 = 0xC2B2AE3D27D4EB4FUL, Prime3 = 0x165667B19E3779F9UL;
    private ulong _state;
    private ulong _pending;
    private int _pendingBytes;
    private long _length;

    /// <summary>The hash of no bytes.</summary>
    public static StreamHash Empty => default;

    /// <summary>How many bytes were hashed.</summary>
    public readonly long Length => _length;

    /// <summary>Adds <paramref name="data"/>.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        _length += data.Length;
        while (_pendingBytes > 0 && !data.IsEmpty)
        {
            _pending |= (ulong)data[0] << (8 * _pendingBytes);
            data = data[1..];
            if (++_pendingBytes == 8)
            {
                _state = Round(_state, _pending);
                _pending = 0;
                _pendingBytes = 0;
            }
        }
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(data);
        var state = _state;
        foreach (var word in words) state = Round(state, BitConverter.IsLittleEndian ? word : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(word));
        _state = state;
        foreach (var b in data[(words.Length * 8)..])
        {
            _pending |= (ulong)b << (8 * _pendingBytes);
            _pendingBytes++;
        }
    }

    /// <summary>The hash of the bytes added so far.</summary>
    public readonly ulong Value
    {
        get
        {
            var hash = Round(_state, _pending) ^ (ulong)_length;
            hash ^= hash >> 33;
            hash *= Prime2;
            hash ^= hash >> 29;
            hash *= Prime3;
            return hash ^ (hash >> 32);
        }
    }

    private static ulong Round(ulong state, ulong word) => System.Numerics.BitOperations.RotateLeft(state + word * Prime2, 31) * Prime1;
}

namespace IrlExec;

/// <summary>
/// Cheap facts about history files for tools that look at many executions at once (maintenance, the view repair): the
/// last committed record alone says whether an execution has finished, since nothing is appended after its terminal
/// status change. Reads the end of the file, not the whole history.
/// </summary>
internal static class HistoryFiles
{
    /// <summary>How far from the end a last record is looked for before the whole file is read.</summary>
    private const int TailBytes = 64 * 1024;

    /// <summary>
    /// The last complete record of the history at <paramref name="path"/> (a torn last line is skipped, as on read), or
    /// null when the file does not exist.
    /// </summary>
    /// <exception cref="ExecutionDataException">The file is empty, holds no complete record, or its last record is damaged.</exception>
    public static ExecutionEvent? LastRecord(string path)
    {
        if (!File.Exists(path)) return null;
        ExecutionLinks.RefuseLink(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length == 0) throw Empty(path);
        var length = stream.Length;
        var start = Math.Max(0, length - TailBytes);
        while (true)
        {
            var data = new byte[length - start];
            stream.Seek(start, SeekOrigin.Begin);
            stream.ReadExactly(data);
            var end = Array.LastIndexOf(data, (byte)'\n');
            var lineStart = end > 0 ? Array.LastIndexOf(data, (byte)'\n', end - 1) : -1;
            if (end >= 0 && (lineStart >= 0 || start == 0))
            {
                var line = data.AsSpan((lineStart + 1)..end);
                // A tail of zero bytes (a power cut) is dropped on read: read the file whole, as the store does.
                if (line.IndexOfAnyExcept((byte)0) < 0) return ReadWhole(path);
                return HistoryCodec.DecodeLine(line, path, 0);
            }
            if (start == 0) throw NoRecord(path);
            start = Math.Max(0, start - TailBytes * 4); // a long last record: read further back
        }
    }

    private static ExecutionEvent ReadWhole(string path)
    {
        var records = HistoryCodec.Decode(File.ReadAllBytes(path), path).Records;
        return records.Count > 0 ? records[^1] : throw NoRecord(path);
    }

    /// <summary>The first record of the history at <paramref name="path"/>, or null when it cannot be read (or there is none).</summary>
    public static ExecutionEvent? FirstRecordOrNull(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var line = new MemoryStream();
            Span<byte> chunk = stackalloc byte[4096];
            while (true)
            {
                var read = stream.Read(chunk);
                if (read == 0) return null; // no complete line
                var newline = chunk[..read].IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    line.Write(chunk[..newline]);
                    return HistoryCodec.DecodeLine(line.GetBuffer().AsSpan(0, (int)line.Length), path, 1);
                }
                line.Write(chunk[..read]);
            }
        }
        catch (Exception e) when (e is ExecutionDataException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether the history at <paramref name="path"/> ends with a terminal status change (the execution finished).</summary>
    /// <exception cref="ExecutionDataException">The file is empty or its last record is damaged.</exception>
    public static bool IsFinished(string path) =>
        LastRecord(path) is { Kind: ExecutionEventKind.StatusChanged, Status: { } status } && StatusTransitions.IsTerminal(status);

    /// <summary>The error for a history file of 0 bytes.</summary>
    public static ExecutionDataException Empty(string path) =>
        new(path, 0, "the history is empty (0 bytes): the execution's first record never reached the disk (a process stopped while creating it, or the disk was full). Nothing of this execution was recorded; delete the file to remove it from the listings.");

    private static ExecutionDataException NoRecord(string path) =>
        new(path, 1, "the history holds no complete record (its only line has no newline): the execution's first record never reached the disk. Nothing of this execution was recorded; delete the file to remove it from the listings.");
}

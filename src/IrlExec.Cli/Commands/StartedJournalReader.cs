using System.Text;

namespace IrlExec.Cli.Commands;

/// <summary>
/// Reads the journal of started executions (<see cref="StartedJournal"/>) for <c>irlexec list</c>: all of it when the folder
/// is listed, or only the lines added since a recorded length, once the bytes before that length show it is the same file.
/// Only whole lines count: a last line without its newline is being written (or was cut short) and is left for later.
/// </summary>
internal static class StartedJournalReader
{
    /// <summary>How many bytes before the recorded length are kept to recognise the file.</summary>
    public const int TailLength = 64;

    /// <summary>The whole journal (its ids in file order); null when there is none or it cannot be read.</summary>
    public static StartedJournalRead? ReadAll(ExecutionLayout layout) => Read(layout, 0, []);

    /// <summary>
    /// The lines added after <paramref name="length"/>, when the file still holds <paramref name="tail"/> just before that
    /// length; null when there is no journal, it cannot be read, it is shorter, or those bytes differ (another file).
    /// </summary>
    public static StartedJournalRead? ReadSince(ExecutionLayout layout, long length, byte[] tail) => Read(layout, length, tail);

    private static StartedJournalRead? Read(ExecutionLayout layout, long from, byte[] tail)
    {
        var path = StartedJournal.FilePath(layout);
        byte[] data;
        long start;
        try
        {
            if (new FileInfo(path).LinkTarget is not null) return null;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            var size = stream.Length;
            if (size < from || from < tail.Length) return null;
            start = from - tail.Length;
            if (size - start > int.MaxValue) return null;
            data = new byte[size - start];
            stream.Seek(start, SeekOrigin.Begin);
            var read = 0;
            while (read < data.Length)
            {
                var n = stream.Read(data, read, data.Length - read);
                if (n == 0) break;
                read += n;
            }
            if (read < data.Length) data = data[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (data.Length < tail.Length || !data.AsSpan(0, tail.Length).SequenceEqual(tail)) return null;
        var lines = data.AsSpan(tail.Length);
        var whole = lines.LastIndexOf((byte)'\n') + 1; // the bytes of whole lines
        var ids = new List<string>();
        var other = false;
        foreach (var range in lines[..whole].Split((byte)'\n'))
        {
            var line = lines[range];
            if (range.Start.Value == whole) break; // the empty part after the last newline
            var id = line.Length is > 0 and <= 200 ? Encoding.UTF8.GetString(line) : null;
            if (id is not null && ExecutionFolder.IsId(id)) ids.Add(id);
            else other = true;
        }
        var end = from + whole;
        var newTail = end - start >= TailLength ? data.AsSpan((int)(end - start - TailLength), TailLength).ToArray() : data.AsSpan(0, (int)(end - start)).ToArray();
        return new StartedJournalRead(end, newTail, ids, other);
    }
}

/// <summary>What <see cref="StartedJournalReader"/> read.</summary>
/// <param name="Length">Where the whole lines read end (the length to record).</param>
/// <param name="Tail">The last bytes before <paramref name="Length"/> (at most <see cref="StartedJournalReader.TailLength"/>).</param>
/// <param name="Ids">The ids of the lines read, in file order (an id may come more than once).</param>
/// <param name="OtherLines">Whether a line read is not an id (a line cut short by a full disk, or not the journal's).</param>
internal sealed record StartedJournalRead(long Length, byte[] Tail, List<string> Ids, bool OtherLines);

/// <summary>
/// Which boot of the machine this is: the journal is not flushed to disk, so lines written before a machine stopped may be
/// lost, and a stamp from another boot does not trust it. Linux: <c>/proc/sys/kernel/random/boot_id</c>; elsewhere the time
/// the machine started, to ten seconds (a value read near such a boundary may differ: that only costs a listing).
/// </summary>
internal static class BootIdentity
{
    /// <summary>When set (by a test, for the calls it makes), the boot id to use.</summary>
    internal static readonly AsyncLocal<string?> Injected = new();

    /// <summary>This boot's id; null when none can be read (then the journal is never trusted).</summary>
    public static string? Current()
    {
        if (Injected.Value is { } injected) return injected;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var id = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
                return id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? id : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
        var booted = DateTime.UtcNow.Ticks - Environment.TickCount64 * TimeSpan.TicksPerMillisecond;
        return "started-" + (booted / (10 * TimeSpan.TicksPerSecond)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

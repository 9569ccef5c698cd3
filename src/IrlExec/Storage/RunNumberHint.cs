using System.Globalization;
using System.IO.Enumeration;
using System.Text;

namespace IrlExec;

/// <summary>
/// <c>execution/index/run-numbers.txt</c>: the highest run number of each workflow on one day, so that reserving a run
/// label does not list the <c>logs/</c> folder, which holds a log per run the root has ever seen. A run number follows the
/// highest on disk for that workflow and day, gaps included: the hint is trusted only while it is consistent with the
/// folder, that is while the <c>logs/</c> folder's modification time is the one the hint recorded after its last
/// reservation (any file created, removed or renamed there since, by hand, a restore, a repair or an archive, changes
/// it). Otherwise the folder is listed once and the hint rebuilt from it. Read and written under its lock
/// (<c>run-numbers.lock</c>), which serializes the reservations of every process.
/// </summary>
/// <remarks>
/// The file: the day (<c>yyyy-MM-dd</c>), then the folder's modification time (UTC ticks), then one line per workflow
/// with a log that day: <c>&lt;workflow&gt;-&lt;yyyy-MM-dd&gt;- NNN</c>. A file that cannot be read is no hint.
/// </remarks>
internal sealed class RunNumberHint
{
    private const string LogSuffix = ".log";

    private readonly Dictionary<string, int> _highest;

    private RunNumberHint(string date, long logsModified, Dictionary<string, int> highest)
    {
        Date = date;
        LogsModified = logsModified;
        _highest = highest;
    }

    /// <summary>The day the hint holds numbers for.</summary>
    public string Date { get; }

    /// <summary>The <c>logs/</c> folder's modification time (UTC ticks) when the hint was written.</summary>
    public long LogsModified { get; private set; }

    /// <summary><c>execution/index/run-numbers.txt</c>.</summary>
    public static string FilePath(ExecutionLayout layout) => Path.Combine(layout.ExecutionDirectory, "index", "run-numbers.txt");

    /// <summary>The lock reservations take around reading and writing the hint.</summary>
    public static string LockPath(ExecutionLayout layout) => Path.Combine(layout.ExecutionDirectory, "index", "run-numbers.lock");

    /// <summary>The <c>logs/</c> folder's modification time, in UTC ticks.</summary>
    public static long LogsModifiedNow(ExecutionLayout layout) => Directory.GetLastWriteTimeUtc(layout.LogsDirectory).Ticks;

    /// <summary>The highest run number of <paramref name="prefix"/> (<c>&lt;workflow&gt;-&lt;date&gt;-</c>), 0 when it has none.</summary>
    public int Highest(string prefix) => _highest.TryGetValue(prefix, out var n) ? n : 0;

    /// <summary>Records a reservation: <paramref name="number"/> of <paramref name="prefix"/>, and the folder's time after it.</summary>
    public void Reserved(string prefix, int number, long logsModified)
    {
        if (number > Highest(prefix)) _highest[prefix] = number;
        LogsModified = logsModified;
    }

    /// <summary>
    /// The hint for <paramref name="date"/> when the file holds one that is consistent with the <c>logs/</c> folder (its
    /// modification time is <paramref name="logsModified"/>); null otherwise.
    /// </summary>
    public static RunNumberHint? ReadConsistent(ExecutionLayout layout, string date, long logsModified)
    {
        string text;
        try
        {
            var path = FilePath(layout);
            if (new FileInfo(path).LinkTarget is not null) return null;
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var lines = text.Split('\n');
        // The day, the time, the workflows, and the empty part after the last newline (a file cut short is no hint).
        if (lines.Length < 3 || lines[^1].Length != 0 || lines[0] != date) return null;
        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var modified) || modified != logsModified) return null;
        var highest = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines.AsSpan(2, lines.Length - 3))
        {
            var space = line.LastIndexOf(' ');
            if (space <= 0 || !line.AsSpan(0, space).EndsWith("-" + date + "-", StringComparison.Ordinal)
                || !int.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }
            highest[line[..space]] = n;
        }
        return new RunNumberHint(date, modified, highest);
    }

    /// <summary>
    /// The hint for <paramref name="date"/> from one listing of the <c>logs/</c> folder: the highest number of every
    /// workflow with a log that day. <paramref name="logsModified"/> is the folder's time, taken before the listing.
    /// </summary>
    public static RunNumberHint FromListing(ExecutionLayout layout, string date, long logsModified)
    {
        var highest = new Dictionary<string, int>(StringComparer.Ordinal);
        var marker = "-" + date + "-";
        // Names only: no path is built for the logs of other days.
        var names = new FileSystemEnumerable<(string Prefix, int Number)>(layout.LogsDirectory,
            (ref FileSystemEntry entry) =>
            {
                var name = entry.FileName;
                var digits = name[..^LogSuffix.Length];
                var dash = digits.LastIndexOf('-');
                int.TryParse(digits[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number);
                return (name[..(dash + 1)].ToString(), number);
            },
            new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) =>
            {
                if (entry.IsDirectory) return false;
                var name = entry.FileName;
                if (!name.EndsWith(LogSuffix, StringComparison.Ordinal)) return false;
                var digits = name[..^LogSuffix.Length];
                var dash = digits.LastIndexOf('-');
                // <workflow>-<date>-<NNN>: a workflow name is not empty, and NNN is digits that parse.
                return dash > marker.Length - 1 && digits[..(dash + 1)].EndsWith(marker, StringComparison.Ordinal)
                    && int.TryParse(digits[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _);
            },
        };
        foreach (var (prefix, number) in names)
        {
            if (number > (highest.TryGetValue(prefix, out var n) ? n : 0)) highest[prefix] = number;
        }
        return new RunNumberHint(date, logsModified, highest);
    }

    /// <summary>
    /// Writes the hint in place (under its lock; not flushed to disk: a lost hint only costs one listing). In place, not
    /// through a temporary file: on ext4 without a journal a file deleted in the last half minute is skipped by every
    /// file created after it in its group, and a temporary file per reservation made each run's files slower to create.
    /// </summary>
    public void Write(ExecutionLayout layout)
    {
        var text = new StringBuilder();
        text.Append(Date).Append('\n').Append(LogsModified.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (prefix, number) in _highest.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(prefix).Append(' ').Append(number.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var path = FilePath(layout);
        if (new FileInfo(path).LinkTarget is not null)
        {
            // Never written through a link: replaced by a file of its own, as a rename does.
            AtomicFile.WriteAllBytes(path, bytes, flushToDisk: false);
            return;
        }
        using var file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        // Written over the old text, then cut to its length. A process killed between the two leaves the end of the old
        // text after the new one: mostly no hint (ReadConsistent refuses lines that are not whole ones of the day), at
        // worst a wrong number, which costs a reservation one failed CreateNew per taken number, as a hint never could
        // hand out a label twice: creating the log is the reservation.
        System.IO.RandomAccess.Write(file, bytes, 0);
        System.IO.RandomAccess.SetLength(file, bytes.Length);
    }
}

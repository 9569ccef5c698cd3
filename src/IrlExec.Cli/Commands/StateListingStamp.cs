using System.Globalization;
using System.Text;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>execution/index/state-listing.txt</c>: what <c>irlexec list</c> last found by listing <c>execution/state/</c>, so that
/// a later <c>list</c> knows which executions the root holds without listing that folder again (it holds four files per
/// execution the root has seen). It records the folder's modification time, the index of finished executions as it was
/// (length, modification time, number of lines, a hash of its bytes), which lines of the index name an execution of the
/// folder (all of them but a few, given as the ranges of lines that do not), the executions the index does not name: those
/// with a history (running, paused, damaged: usually few) and those with only a snapshot or markdown copy, and the journal
/// of started executions (<see cref="StartedJournal"/>) as read before the listing began: its length, its last bytes, the
/// boot it was read in, and the ids of its lines that had no history yet ("pending").
/// </summary>
/// <remarks>
/// It is trusted as it is only while the folder's modification time and the index's length and time are the recorded ones
/// (any file created, removed or renamed in <c>state/</c>, and any line added to the index or the index rewritten, changes
/// them), and only when both times were at least <see cref="SafeAge"/> older than the instant that listing began: a change
/// made in the same tick of the file system's clock as the listing could otherwise leave the folder's time as it was. When
/// they changed, it is still used with the journal (<see cref="ExecutionMembership"/>) in the same boot, while the journal
/// is the same file grown since and the index only grew; else the folder is listed again and the file rewritten. A file
/// that is missing, cut short, or not in this format (version 1 included) is no stamp: the folder is listed. Deleting it is
/// always safe. Written atomically and best effort (not on a read-only root or a full disk, which only cost the next
/// <c>list</c> a listing).
/// <code>
/// irlexec state-listing 2
/// state &lt;state/ modification time, UTC ticks&gt;
/// index &lt;length&gt; &lt;modification time, UTC ticks&gt; &lt;lines&gt; &lt;executions it names&gt; &lt;hash, 16 hex digits&gt;   (or: index none)
/// journal &lt;length&gt; &lt;its last bytes before that length, hex, up to 64 bytes; - for none&gt;   (or: journal none)
/// boot &lt;boot id&gt;   (or: boot none)
/// listed &lt;when the listing began, UTC ticks&gt;
/// skip &lt;first line&gt; &lt;last line&gt;   (index lines naming no execution of the folder, or one a later line names again)
/// history &lt;id&gt;                      (a history the index does not name)
/// view &lt;id&gt;                         (a snapshot or markdown copy without a history)
/// pending &lt;id&gt;                      (a line of the journal, before its length, whose history was not there)
/// end
/// </code>
/// </remarks>
internal sealed class StateListingStamp
{
    private const string Header = "irlexec state-listing 2";

    /// <summary>
    /// How much older than the listing the folder's and the index's times must be for the stamp to be trusted: more than the
    /// coarsest clock tick of a file system's times (FAT: 2 s; ext4, XFS, tmpfs, APFS, NTFS: a few milliseconds or finer).
    /// </summary>
    public static readonly TimeSpan SafeAge = TimeSpan.FromSeconds(2);

    /// <summary><c>execution/index/state-listing.txt</c>.</summary>
    public static string FilePath(ExecutionLayout layout) => StartedJournal.ListingStampPath(layout);

    /// <summary>The <c>state/</c> folder's modification time (UTC ticks) when it was listed.</summary>
    public required long StateModified { get; init; }

    /// <summary>The index of finished executions as it was when the folder was listed.</summary>
    public required IndexFileStat Index { get; init; }

    /// <summary>The hash of the index's first <see cref="IndexFileStat.Length"/> bytes (<see cref="FinishedIndexScan.Hash"/>).</summary>
    public required ulong IndexHash { get; init; }

    /// <summary>The journal's length read before the listing (whole lines), or -1 when there was none.</summary>
    public required long JournalLength { get; init; }

    /// <summary>The journal's last bytes before <see cref="JournalLength"/>.</summary>
    public required byte[] JournalTail { get; init; }

    /// <summary>The boot the journal was read in; null when none could be read.</summary>
    public required string? Boot { get; init; }

    /// <summary>The number of lines of the index (readable or not) the stamp describes.</summary>
    public required int IndexLines { get; init; }

    /// <summary>How many executions of the folder the index names (lines not skipped).</summary>
    public required int IndexedExecutions { get; init; }

    /// <summary>When the listing began (UTC ticks).</summary>
    public required long Listed { get; init; }

    /// <summary>The ranges of index lines (first, last; in order, not overlapping) that name no execution to count.</summary>
    public required IReadOnlyList<(int First, int Last)> Skipped { get; init; }

    /// <summary>The executions with a history that the index does not name, in the order the listing gave them.</summary>
    public required IReadOnlyList<string> Histories { get; init; }

    /// <summary>The ids with a snapshot or markdown copy and no history, in id order (whether the file shows that execution is checked at each use).</summary>
    public required IReadOnlyList<string> Views { get; init; }

    /// <summary>The ids of journal lines before <see cref="JournalLength"/> whose history was not there (a creation under way, or one that failed).</summary>
    public required IReadOnlyList<string> Pending { get; init; }

    /// <summary>Whether the stamp describes the root as it is now: <paramref name="stateModified"/> and <paramref name="index"/> are the recorded ones, and were safely older than the listing.</summary>
    public bool Holds(long stateModified, IndexFileStat index, long now) =>
        stateModified == StateModified && index == Index && Listed <= now
        && StateModified <= Listed - SafeAge.Ticks && (!Index.Exists || Index.Modified <= Listed - SafeAge.Ticks);

    /// <summary>Whether a stamp taken at <paramref name="listed"/> of a folder and index with these times would be trusted later.</summary>
    public static bool SafelyOlder(long stateModified, IndexFileStat index, long listed) =>
        stateModified <= listed - SafeAge.Ticks && (!index.Exists || index.Modified <= listed - SafeAge.Ticks);

    /// <summary>The stamp in the file, or null when there is none or it cannot be read as one.</summary>
    public static StateListingStamp? Read(ExecutionLayout layout)
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
        return Parse(text);
    }

    /// <summary>The stamp <paramref name="text"/> holds, or null when it is not one (cut short, another format, an id that is not one).</summary>
    public static StateListingStamp? Parse(string text)
    {
        var lines = text.Split('\n');
        // The fixed lines, "end", and the empty part after the last newline.
        if (lines.Length < 8 || lines[0] != Header || lines[^1].Length != 0 || lines[^2] != "end") return null;
        if (Fields(lines[1], "state") is not [var state] || !Ticks(state, out var stateModified)) return null;
        IndexFileStat index;
        int indexLines, indexed;
        ulong indexHash;
        if (lines[2] == "index none")
        {
            index = IndexFileStat.None;
            indexLines = indexed = 0;
            indexHash = 0;
        }
        else if (Fields(lines[2], "index") is [var length, var modified, var count, var named, var hash]
            && Ticks(length, out var l) && Ticks(modified, out var m) && Number(count, out indexLines) && Number(named, out indexed) && indexed <= indexLines
            && hash.Length == 16 && ulong.TryParse(hash, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out indexHash))
        {
            index = new IndexFileStat(true, l, m);
        }
        else return null;
        long journalLength;
        byte[] journalTail;
        if (lines[3] == "journal none")
        {
            journalLength = -1;
            journalTail = [];
        }
        else if (Fields(lines[3], "journal") is [var journalText, var tailText] && Ticks(journalText, out journalLength) && Hex(tailText) is { } tail
            && tail.Length <= StartedJournalReader.TailLength && tail.Length <= journalLength && (tail.Length == StartedJournalReader.TailLength || tail.Length == journalLength))
        {
            journalTail = tail;
        }
        else return null;
        string? boot;
        if (lines[4] == "boot none") boot = null;
        else if (Fields(lines[4], "boot") is [var bootText] && bootText.Length > 0) boot = bootText;
        else return null;
        if (Fields(lines[5], "listed") is not [var listedText] || !Ticks(listedText, out var listed)) return null;
        var skipped = new List<(int, int)>();
        var histories = new List<string>();
        var views = new List<string>();
        var pending = new List<string>();
        var previous = 0;
        foreach (var line in lines.AsSpan(6, lines.Length - 8))
        {
            if (line.StartsWith("skip ", StringComparison.Ordinal))
            {
                // In order and within the index, so that a reader can walk them with the lines.
                if (histories.Count + views.Count + pending.Count > 0 || Fields(line, "skip") is not [var a, var b] || !Number(a, out var first) || !Number(b, out var last)
                    || first <= previous || last < first || last > indexLines)
                {
                    return null;
                }
                skipped.Add((first, last));
                previous = last;
            }
            else if (line.StartsWith("history ", StringComparison.Ordinal) && views.Count + pending.Count == 0 && ExecutionFolder.IsId(line["history ".Length..])) histories.Add(line["history ".Length..]);
            else if (line.StartsWith("view ", StringComparison.Ordinal) && pending.Count == 0 && ExecutionFolder.IsId(line["view ".Length..])) views.Add(line["view ".Length..]);
            else if (line.StartsWith("pending ", StringComparison.Ordinal) && ExecutionFolder.IsId(line["pending ".Length..])) pending.Add(line["pending ".Length..]);
            else return null;
        }
        return new StateListingStamp
        {
            StateModified = stateModified, Index = index, IndexLines = indexLines, IndexedExecutions = indexed, IndexHash = indexHash, Listed = listed,
            JournalLength = journalLength, JournalTail = journalTail, Boot = boot,
            Skipped = skipped, Histories = histories, Views = views, Pending = pending,
        };
    }

    /// <summary>The file's text.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("state ").Append(StateModified.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (Index.Exists)
        {
            text.Append("index ").Append(Index.Length.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Index.Modified.ToString(CultureInfo.InvariantCulture))
                .Append(' ').Append(IndexLines.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(IndexedExecutions.ToString(CultureInfo.InvariantCulture))
                .Append(' ').Append(IndexHash.ToString("x16", CultureInfo.InvariantCulture)).Append('\n');
        }
        else text.Append("index none\n");
        if (JournalLength >= 0)
        {
            text.Append("journal ").Append(JournalLength.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(JournalTail.Length == 0 ? "-" : Convert.ToHexStringLower(JournalTail)).Append('\n');
        }
        else text.Append("journal none\n");
        text.Append(Boot is null ? "boot none" : "boot " + Boot).Append('\n');
        text.Append("listed ").Append(Listed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (first, last) in Skipped) text.Append("skip ").Append(first.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(last.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var id in Histories) text.Append("history ").Append(id).Append('\n');
        foreach (var id in Views) text.Append("view ").Append(id).Append('\n');
        foreach (var id in Pending) text.Append("pending ").Append(id).Append('\n');
        text.Append("end\n");
        return text.ToString();
    }

    /// <summary>
    /// Writes the stamp atomically (not flushed to disk: a lost stamp costs one listing) when the index folder exists;
    /// a root that cannot be written (read-only, a full disk) keeps no stamp. A stamp whose folder changed while it was
    /// written is deleted again: a process whose journal line could not be written deletes the stamp once it has created
    /// the history, and one written just after that deletion must not stay.
    /// </summary>
    public void TryWrite(ExecutionLayout layout)
    {
        var path = FilePath(layout);
        if (!Directory.Exists(Path.GetDirectoryName(path))) return; // list does not create folders in a root
        try
        {
            if (new FileInfo(path).LinkTarget is not null) return;
            AtomicFile.WriteAllText(path, Format(), flushToDisk: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DiskFullException)
        {
            return; // Best effort: without a stamp the next list lists the folder.
        }
        if (new DirectoryInfo(layout.StateDirectory) is not { Exists: true } state || state.LastWriteTimeUtc.Ticks != StateModified) StartedJournal.InvalidateListing(layout);
    }

    private static string[]? Fields(string line, string name)
    {
        if (!line.StartsWith(name + " ", StringComparison.Ordinal)) return null;
        return line[(name.Length + 1)..].Split(' ');
    }

    private static byte[]? Hex(string text)
    {
        if (text == "-") return [];
        if (text.Length % 2 != 0 || !text.All(char.IsAsciiHexDigitLower)) return null;
        return Convert.FromHexString(text);
    }

    private static bool Ticks(string text, out long value) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool Number(string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}

/// <summary>The index of finished executions as one stat sees it.</summary>
/// <param name="Exists">Whether the file exists.</param>
/// <param name="Length">Its length in bytes (0 when missing).</param>
/// <param name="Modified">Its modification time, UTC ticks (0 when missing).</param>
internal readonly record struct IndexFileStat(bool Exists, long Length, long Modified)
{
    /// <summary>No index file.</summary>
    public static IndexFileStat None => new(false, 0, 0);

    /// <summary>The index of <paramref name="layout"/> now.</summary>
    public static IndexFileStat Of(ExecutionLayout layout)
    {
        var file = new FileInfo(FinishedIndex.FilePath(layout));
        return file.Exists ? new IndexFileStat(true, file.Length, file.LastWriteTimeUtc.Ticks) : None;
    }
}

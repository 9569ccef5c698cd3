using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IrlExec;

/// <summary>
/// Keeps the manifest's "Completed Workflows" table short: once it holds more than <see cref="KeepRecent"/> +
/// <see cref="PageRows"/> rows, its <see cref="PageRows"/> oldest rows are written to a page
/// <c>execution/completed/&lt;yyyy-MM-dd&gt;-&lt;NNNNN&gt;.md</c> (dated by its first row, numbered from 1) and removed from
/// the README, whose first Completed row then links the newest page. A page is written once, flushed to disk before the
/// README drops its rows, and never changed after; each page links the page before it. So what a run rewrites stays
/// bounded however many runs the root has seen.
/// </summary>
/// <remarks>
/// Rolled over under the manifest's lock, in the same update that grew the table. The page number comes from the
/// README's link row, so an update interrupted between the page and the README writes the same page again (same rows,
/// same name); a page of that number under another date is removed first. A README rebuilt without its link row (deleted,
/// or set aside as damaged) gets the link to the newest page back, and the rows already in pages are not placed again.
/// </remarks>
internal static partial class CompletedPages
{
    /// <summary>The first cell of the row that links the pages.</summary>
    public const string LinkLabel = "older runs";

    /// <summary>How many of the most recent completed rows the README always keeps.</summary>
    public const int KeepRecent = 100;

    /// <summary>How many rows a page holds.</summary>
    public const int PageRows = 100;

    private const string Folder = "completed";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}|undated)-(\d{5,})\.md$", RegexOptions.CultureInvariant)]
    private static partial Regex PageName();

    [GeneratedRegex(@"\]\(completed/([^)\s]+\.md)\)", RegexOptions.CultureInvariant)]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"\]\(([^)\s]+\.md)\)", RegexOptions.CultureInvariant)]
    private static partial Regex PageLink();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}", RegexOptions.CultureInvariant)]
    private static partial Regex DatePrefix();

    /// <summary><c>execution/completed/</c>.</summary>
    public static string Directory(ExecutionLayout layout) => Path.Combine(layout.ExecutionDirectory, Folder);

    /// <summary>
    /// Rolls the oldest rows of <paramref name="document"/>'s Completed table into new pages while it holds more than
    /// <see cref="KeepRecent"/> + <see cref="PageRows"/>, and restores a missing link row when pages exist. Called
    /// under the manifest lock, before the README is written.
    /// </summary>
    public static void RollOver(ExecutionLayout layout, ManifestDocument document)
    {
        var table = document.Completed;
        var results = table.Column("Results", 3);
        var link = table.Rows.FindIndex(r => r.IsOlderRunsLink);
        if (link < 0 && Newest(layout) is { } newest)
        {
            // Pages exist but the README does not link them: it was recreated, or the update that wrote the newest page
            // stopped before the README. Rows that page holds already are dropped from the README, and the link put back.
            var paged = ResultsOf(newest.Path);
            var again = new List<int>();
            for (var i = 0; i < table.Rows.Count; i++)
            {
                if (table.Rows[i].IsExecutionRow && results < table.Rows[i].Cells.Count && paged.Contains(table.Rows[i].Cells[results])) again.Add(i);
            }
            table.RemoveRows(again);
            table.PutFirst(-1, LinkCells(table, newest.Name, newest.Number, newest.Last));
            link = 0;
        }
        var executions = 0;
        foreach (var row in table.Rows) if (row.IsExecutionRow) executions++;
        if (executions <= KeepRecent + PageRows) return;
        // The README's link names the newest page; one that names no page (edited by hand): the folder says.
        var (previousName, number) = link >= 0 ? Parse(LinkedPage(table.Rows[link])) : (null, 0);
        if (previousName is null && Newest(layout) is { } found) (previousName, number) = (found.Name, found.Number);
        var time = table.Column("Completed", 1);
        var last = "";
        while (executions > KeepRecent + PageRows)
        {
            var taken = new List<int>(PageRows);
            for (var i = 0; i < table.Rows.Count && taken.Count < PageRows; i++)
            {
                if (table.Rows[i].IsExecutionRow) taken.Add(i);
            }
            number++;
            var rows = taken.Select(i => table.Rows[i]).ToList();
            var name = NameOf(rows[0], time, number);
            WritePage(layout, table, name, number, previousName, rows, time);
            last = Cell(rows[^1], time);
            table.RemoveRows(taken);
            executions -= taken.Count;
            previousName = name;
        }
        link = table.Rows.FindIndex(r => r.IsOlderRunsLink);
        table.PutFirst(link, LinkCells(table, previousName!, number, last));
    }

    /// <summary>The Results cells of every row in every page (the rows the README no longer holds).</summary>
    public static HashSet<string> RolledResults(ExecutionLayout layout)
    {
        var results = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, _, _) in Pages(layout)) AddResults(path, results);
        return results;
    }

    private static HashSet<string> ResultsOf(string path)
    {
        var results = new HashSet<string>(StringComparer.Ordinal);
        AddResults(path, results);
        return results;
    }

    private static void AddResults(string path, HashSet<string> results)
    {
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
            var column = -1;
            foreach (var line in text.Split('\n'))
            {
                if (!line.TrimStart().StartsWith('|')) continue;
                var cells = ManifestCells.Split(line);
                if (column < 0)
                {
                    column = cells.FindIndex(c => string.Equals(c, "Results", StringComparison.OrdinalIgnoreCase));
                    if (column < 0) column = 3;
                    continue;
                }
                if (IsSeparator(cells) || column >= cells.Count) continue;
                results.Add(cells[column]);
            }
        }
    }

    /// <summary>
    /// The problems of the pages and of the README's link to them, as <c>validate</c> reports them: a page that is not
    /// UTF-8, has no table or a row with another number of cells than its header, a link to older runs that names no page.
    /// </summary>
    public static List<ExecutionDataException> Check(ExecutionLayout layout, ManifestDocument? readme)
    {
        var problems = new List<ExecutionDataException>();
        if (readme is not null)
        {
            var link = readme.Completed.Rows.FirstOrDefault(r => r.IsOlderRunsLink);
            if (link is not null && (LinkedPage(link) is not { } target || !File.Exists(Path.Combine(Directory(layout), target))))
            {
                problems.Add(new ExecutionDataException(layout.ManifestFile, 0,
                    $"the Completed Workflows row '{LinkLabel}' links {(LinkedPage(link) is { } t ? "completed/" + t : "no page")}, which does not exist (the pages hold the older completed rows)."));
            }
        }
        foreach (var (path, _, _) in Pages(layout))
        {
            var bytes = File.ReadAllBytes(path);
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                problems.Add(new ExecutionDataException(path, 1 + bytes.AsSpan(0, Math.Clamp(e.Index, 0, bytes.Length)).Count((byte)'\n'), "the page is not UTF-8 text."));
                continue;
            }
            var lines = text.Split('\n');
            int? width = null;
            var rows = 0;
            string? problem = null;
            var at = 0;
            for (var i = 0; i < lines.Length && problem is null; i++)
            {
                if (!lines[i].TrimStart().StartsWith('|')) continue;
                var cells = ManifestCells.Split(lines[i]);
                if (width is null)
                {
                    width = cells.Count;
                    if (i + 1 >= lines.Length || !IsSeparator(ManifestCells.Split(lines[i + 1]))) (problem, at) = ("the table's header is not followed by its separator line (|---|).", i + 1);
                    i++;
                    continue;
                }
                if (cells.Count != width) (problem, at) = (string.Create(CultureInfo.InvariantCulture, $"this row has {cells.Count} cells; the header has {width}."), i + 1);
                rows++;
            }
            if (problem is null && rows == 0) (problem, at) = ("the page holds no Completed Workflows rows (a page is written with the rows it took from the README, and never changed).", 0);
            if (problem is null && PageLink().Matches(text).FirstOrDefault(m => m.Groups[1].Value != "../README.md") is { } older
                && !File.Exists(Path.Combine(Directory(layout), older.Groups[1].Value)))
            {
                (problem, at) = ($"links {older.Groups[1].Value} as the page before it, which does not exist.", 1 + text.AsSpan(0, older.Index).Count('\n'));
            }
            if (problem is not null) problems.Add(new ExecutionDataException(path, at, problem));
        }
        return problems;
    }

    /// <summary>Every page, in number order.</summary>
    public static List<(string Path, string Name, int Number)> Pages(ExecutionLayout layout)
    {
        var pages = new List<(string, string, int)>();
        var folder = Directory(layout);
        if (!System.IO.Directory.Exists(folder)) return pages;
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.md"))
        {
            var name = Path.GetFileName(file);
            if (PageName().Match(name) is { Success: true } match && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                pages.Add((file, name, n));
            }
        }
        pages.Sort((a, b) => a.Item3 != b.Item3 ? a.Item3.CompareTo(b.Item3) : string.CompareOrdinal(a.Item2, b.Item2));
        return pages;
    }

    private static (string Path, string Name, int Number, string Last)? Newest(ExecutionLayout layout)
    {
        var pages = Pages(layout);
        if (pages.Count == 0) return null;
        var (path, name, number) = pages[^1];
        var last = "";
        try
        {
            // The Completed time of the page's last row, for the link row.
            foreach (var line in File.ReadLines(path))
            {
                if (!line.TrimStart().StartsWith('|')) continue;
                var cells = ManifestCells.Split(line);
                if (cells.Count > 1 && !IsSeparator(cells)) last = cells[1];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return (path, name, number, last);
    }

    private static void WritePage(ExecutionLayout layout, ManifestTable table, string name, int number, string? previous, List<ManifestTable.Row> rows, int time)
    {
        var folder = Directory(layout);
        System.IO.Directory.CreateDirectory(folder);
        // A page of this number under another date: left by an update interrupted before the README was written.
        foreach (var (path, other, n) in Pages(layout))
        {
            if (n == number && other != name) File.Delete(path);
        }
        var newline = table.Newline;
        var text = new StringBuilder();
        text.Append("# Completed Workflows: page ").Append(number.ToString(CultureInfo.InvariantCulture)).Append(newline).Append(newline);
        text.Append(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} runs completed from {Cell(rows[0], time)} to {Cell(rows[^1], time)}, rolled over from the Completed Workflows table of [the manifest](../README.md), which keeps the most recent runs. "));
        text.Append(previous is null ? "This is the first page." : $"Older runs: [{previous}]({previous}).").Append(newline).Append(newline);
        text.Append(table.HeaderLine).Append(table.SeparatorLine);
        foreach (var row in rows) text.Append(table.LineOf(row));
        // The README drops these rows once it is written: the page must be on disk first.
        AtomicFile.WriteAllBytes(Path.Combine(folder, name), Encoding.UTF8.GetBytes(text.ToString()), flushToDisk: true);
    }

    private static string NameOf(ManifestTable.Row first, int time, int number)
    {
        var date = DatePrefix().Match(Cell(first, time)) is { Success: true } match ? match.Value : "undated";
        return date + "-" + number.ToString("D5", CultureInfo.InvariantCulture) + ".md";
    }

    private static string[] LinkCells(ManifestTable table, string page, int pages, string last)
    {
        var cells = new string[Math.Max(table.Headers.Count, 1)];
        for (var i = 0; i < cells.Length; i++) cells[i] = "-";
        cells[0] = LinkLabel;
        Set("Completed", 1, last.Length == 0 ? "-" : "up to " + last);
        Set("Status", 2, pages == 1 ? "1 page" : pages.ToString(CultureInfo.InvariantCulture) + " pages");
        Set("Results", 3, $"[completed/{page}](completed/{page})");
        return cells;

        void Set(string column, int fallback, string value)
        {
            var index = table.Column(column, fallback);
            if (index > 0 && index < cells.Length) cells[index] = value;
        }
    }

    private static string? LinkedPage(ManifestTable.Row link)
    {
        foreach (var cell in link.Cells)
        {
            if (LinkTarget().Match(cell) is { Success: true } match) return match.Groups[1].Value;
        }
        return null;
    }

    private static (string? Name, int Number) Parse(string? page) =>
        page is not null && PageName().Match(page) is { Success: true } match && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? (page, n)
            : (null, 0);

    private static string Cell(ManifestTable.Row row, int index) => index < row.Cells.Count ? row.Cells[index] : "";

    private static bool IsSeparator(List<string> cells) => cells.Count > 0 && cells.All(c => c.Length > 0 && c.All(ch => ch is '-' or ':'));
}

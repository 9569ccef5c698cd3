using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace IrlExec;

/// <summary>
/// The text of <c>execution/README.md</c> with its "Active Workflows" and "Completed Workflows" tables located by
/// Markdig (so a table inside a code block, like the seed's <c>**Format:**</c> example, is never mistaken for one).
/// <see cref="Render()"/> writes every byte outside the two tables as it was read; a table IrlExec did not change is
/// written back as it was too. A missing section is appended at the end; a section without a table gets one under its
/// heading.
/// </summary>
internal sealed class ManifestDocument
{
    public const string ActiveHeading = "Active Workflows";
    public const string CompletedHeading = "Completed Workflows";
    public const string ActivePlaceholder = "_(none)_";
    public const string CompletedPlaceholder = "_(none yet)_";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UsePreciseSourceLocation().Build();

    private readonly string _text;
    private readonly Region _active;
    private readonly Region _completed;
    private readonly SnapshotRegion? _snapshot;

    private ManifestDocument(string text, Region active, Region completed, SnapshotRegion? snapshot)
    {
        _text = text;
        _active = active;
        _completed = completed;
        _snapshot = snapshot;
    }

    /// <summary>The Active Workflows table.</summary>
    public ManifestTable Active => _active.Table;

    /// <summary>The Completed Workflows table.</summary>
    public ManifestTable Completed => _completed.Table;

    /// <summary>The State Snapshots block, or null when the README has none (no <c>irlexec:snapshot</c> markers).</summary>
    public ManifestSnapshotBlock? Snapshot => _snapshot?.Block;

    /// <summary>The State Snapshots block's first line number (1-based), or 0 when there is none.</summary>
    public int SnapshotLine => _snapshot is { } snapshot ? LineNumberAt(_text, snapshot.Start) : 0;

    /// <summary>Whether a table (or a missing section), or the State Snapshots block, was changed.</summary>
    public bool Changed => Active.Changed || Completed.Changed || _active.Start < 0 || _completed.Start < 0 || (Snapshot?.Changed ?? false);

    public static ManifestDocument Parse(string text)
    {
        var newline = NewlineOf(text);
        var lines = SplitLines(text);
        var document = Markdown.Parse(text, Pipeline);
        var active = Locate(document, lines, text, ActiveHeading, newline, ["Workflow", "Started", "Status", "Log File", "Agent/User"], ActivePlaceholder);
        var completed = Locate(document, lines, text, CompletedHeading, newline, ["Workflow", "Completed", "Status", "Results", "Agent/User"], CompletedPlaceholder);
        return new ManifestDocument(text, active, completed, LocateSnapshot(document, lines, text));
    }

    /// <summary>The whole file: the original text with the two tables re-rendered in place.</summary>
    public string Render() => Render(out _);

    /// <summary>
    /// <see cref="Render()"/>, and the document that <see cref="Parse"/> would make of the rendered text, built without
    /// parsing it, when both tables stood in the file (null when one was inserted or appended: parse the text then).
    /// Everything outside the tables is the text Markdig already read, unchanged; each table is replaced by its own
    /// rendering, whose lines are all table rows, and is followed by what followed it before, which ended it before.
    /// So each table is exactly its rendered lines, where they were written.
    /// </summary>
    public string Render(out ManifestDocument? rendered)
    {
        if (RendersInOnePass && _active.Start >= 0 && _completed.Start >= 0 && EndsItsLines(_active.Table) && EndsItsLines(_completed.Table))
        {
            var text = RenderInOnePass(out var next);
            rendered = next;
            return text;
        }
        var regions = new[] { _active, _completed };
        var edits = new List<(object Region, int Start, int End, string Text)>();
        foreach (var region in regions)
        {
            if (region.Start >= 0) edits.Add((region, region.Start, region.End, region.Table.Changed ? region.Table.Render() : _text[region.Start..region.End]));
            else if (region.InsertAt >= 0) edits.Add((region, region.InsertAt, region.InsertAt, region.Prefix + region.Table.Render() + region.Suffix));
        }
        // The State Snapshots block is rewritten whole when it changed (ManifestSnapshotBlock owns its text).
        if (_snapshot is { } snapshot) edits.Add((snapshot, snapshot.Start, snapshot.End, snapshot.Block.Changed ? snapshot.Block.Render(NewlineOf(_text)) : _text[snapshot.Start..snapshot.End]));
        var appended = regions.Where(r => r.Start < 0 && r.InsertAt < 0).ToList();
        var result = new System.Text.StringBuilder(_text.Length + 256);
        var position = 0;
        var placed = new Dictionary<object, (int Start, int End)>();
        foreach (var (region, start, end, text) in edits.OrderBy(e => e.Start))
        {
            result.Append(_text, position, start - position);
            placed[region] = (result.Length, result.Length + text.Length);
            result.Append(text);
            position = end;
        }
        result.Append(_text, position, _text.Length - position);
        foreach (var region in appended)
        {
            if (result.Length > 0 && result[^1] != '\n') result.Append(region.Table.Newline);
            result.Append(region.Table.Newline).Append("## ").Append(region.Heading).Append(region.Table.Newline).Append(region.Table.Newline).Append(region.Table.Render());
        }
        var output = result.ToString();
        SnapshotRegion? snapshotAfter = null;
        if (_snapshot is { } block)
        {
            block.Block.Rendered();
            snapshotAfter = block with { Start = placed[block].Start, End = placed[block].End };
        }
        rendered = regions.All(r => r.Start >= 0)
            ? new ManifestDocument(output, Reread(output, _active, placed[_active]), Reread(output, _completed, placed[_completed]), snapshotAfter)
            : null;
        return output;
    }

    /// <summary>
    /// Whether <see cref="Render(out ManifestDocument?)"/> writes both tables straight into the file's text and builds the
    /// next document from the rows it wrote (the usual case: both tables stand in the file, each line ends with its line
    /// ending), instead of rendering each table apart and reading the lines of the result back. Same text, same document;
    /// tests and the benchmarks' A/B switch compare the two.
    /// </summary>
    internal static bool RendersInOnePass { get; set; } = true;

    // Every line of the table ends with its line ending, so each row's line is exactly what LineOf writes for it.
    private static bool EndsItsLines(ManifestTable table)
    {
        if (!table.HeaderLine.EndsWith('\n') || !table.SeparatorLine.EndsWith('\n')) return false;
        foreach (var row in table.Rows)
        {
            if (row.Original is { } original && !original.EndsWith('\n')) return false;
        }
        return true;
    }

    // Render() when both tables stand in the file and end their lines: one builder for the whole text, and the next
    // document's tables made of the rows written (a row whose line is its original text is kept, as Reread keeps it).
    private string RenderInOnePass(out ManifestDocument rendered)
    {
        Span<(int Start, int End, int Which)> edits = [(_active.Start, _active.End, 0), (_completed.Start, _completed.End, 1), (_snapshot?.Start ?? -1, _snapshot?.End ?? -1, 2)];
        var count = _snapshot is null ? 2 : 3;
        edits[..count].Sort((a, b) => a.Start.CompareTo(b.Start));
        var result = new System.Text.StringBuilder(_text.Length + 1024);
        var placed = new (int Start, int End)[3];
        var written = new List<string>?[2];
        var position = 0;
        foreach (var (start, end, which) in edits[..count])
        {
            result.Append(_text, position, start - position);
            var at = result.Length;
            if (which == 2)
            {
                var block = _snapshot!.Block;
                if (block.Changed) result.Append(block.Render(NewlineOf(_text)));
                else result.Append(_text, start, end - start);
            }
            else
            {
                var table = which == 0 ? _active.Table : _completed.Table;
                var lines = new List<string>(table.Rows.Count);
                foreach (var row in table.Rows) lines.Add(table.LineOf(row));
                written[which] = lines;
                if (table.Changed)
                {
                    result.Append(table.HeaderLine).Append(table.SeparatorLine);
                    foreach (var line in lines) result.Append(line);
                }
                else result.Append(_text, start, end - start);
            }
            placed[which] = (at, result.Length);
            position = end;
        }
        result.Append(_text, position, _text.Length - position);
        var output = result.ToString();
        var newline = NewlineOf(output);
        SnapshotRegion? snapshotAfter = null;
        if (_snapshot is { } snapshot)
        {
            snapshot.Block.Rendered();
            snapshotAfter = snapshot with { Start = placed[2].Start, End = placed[2].End };
        }
        rendered = new ManifestDocument(output, Written(_active, written[0]!, placed[0], newline), Written(_completed, written[1]!, placed[1], newline), snapshotAfter);
        return output;
    }

    // The region Reread would find where RenderInOnePass wrote it: its header and separator, then a row per line written.
    private static Region Written(Region region, List<string> lines, (int Start, int End) at, string newline)
    {
        var table = new ManifestTable(region.Table.HeaderLine, region.Table.SeparatorLine, newline);
        var rows = region.Table.Rows;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            table.Rows.Add(rows[i].Original is { } original && string.Equals(line, original, StringComparison.Ordinal) ? rows[i] : new ManifestTable.Row(ManifestCells.Split(line), line));
        }
        return new Region(region.Heading, table, at.Start, at.End, -1, "", "");
    }

    // The region as Locate finds it in the rendered text: the header line, the separator line, then a row per line. A
    // row written from its original line is that line again, so its Row (the same cells, the same text) is kept.
    private static Region Reread(string text, Region region, (int Start, int End) at)
    {
        var newline = NewlineOf(text);
        var lines = SplitLines(text[at.Start..at.End]);
        var table = new ManifestTable(Line(lines[0]), Line(lines[1]), newline);
        var rows = region.Table.Rows;
        for (var i = 2; i < lines.Count; i++)
        {
            var line = text.AsSpan(at.Start + lines[i].Start, lines[i].End - lines[i].Start);
            var row = i - 2 < rows.Count ? rows[i - 2] : null;
            if (row?.Original is { } original && line.SequenceEqual(original)) table.Rows.Add(row);
            else table.Rows.Add(new ManifestTable.Row(ManifestCells.Split(line.ToString()), line.ToString()));
        }
        return new Region(region.Heading, table, at.Start, at.End, -1, "", "");

        string Line((int Start, int End) line) => text.Substring(at.Start + line.Start, line.End - line.Start);
    }

    // Start/End: the table's character range (End includes the last row's line ending); -1 when there is no table.
    // InsertAt: where to put a new table when the heading exists without one; -1 when the heading is missing too.
    // Prefix and Suffix go around an inserted table: a blank line after it when text follows the heading at once, or
    // Markdown would read that text as part of the table and the next update would find no table.
    private sealed record Region(string Heading, ManifestTable Table, int Start, int End, int InsertAt, string Prefix, string Suffix);

    // The State Snapshots block's character range, its begin line to its end line (line ending included).
    private sealed record SnapshotRegion(ManifestSnapshotBlock Block, int Start, int End);

    // The first top-level begin marker and the first end marker after it (markers inside code blocks or lists are text).
    private static SnapshotRegion? LocateSnapshot(MarkdownDocument document, List<(int Start, int End)> lines, string text)
    {
        int begin = -1;
        foreach (var block in document)
        {
            if (block is not HtmlBlock html) continue;
            var first = text[lines[html.Line].Start..lines[html.Line].End].Trim();
            if (begin < 0 && first.StartsWith(ManifestSnapshotBlock.BeginMarker, StringComparison.Ordinal)) begin = html.Line;
            else if (begin >= 0 && first.StartsWith(ManifestSnapshotBlock.EndMarker, StringComparison.Ordinal))
            {
                var start = lines[begin].Start;
                var end = lines[html.Line].End;
                return new SnapshotRegion(ManifestSnapshotBlock.Parse(text[start..end], begin + 1), start, end);
            }
        }
        return null;
    }

    private static int LineNumberAt(string text, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset; i++) if (text[i] == '\n') line++;
        return line;
    }

    private static Region Locate(MarkdownDocument document, List<(int Start, int End)> lines, string text, string heading, string newline, string[] headers, string placeholder)
    {
        var blocks = document.ToList();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is not HeadingBlock { Level: 2 } found || !IsHeading(text, found, heading)) continue;
            for (var j = i + 1; j < blocks.Count; j++)
            {
                if (blocks[j] is HeadingBlock { Level: <= 2 }) break;
                if (blocks[j] is not Table table) continue;
                var firstLine = table.Line;
                var lastLine = LineOf(lines, table.Span.End);
                var header = text[lines[firstLine].Start..lines[firstLine].End];
                var separator = text[lines[firstLine + 1].Start..lines[firstLine + 1].End];
                var parsed = new ManifestTable(header, separator, newline);
                for (var line = firstLine + 2; line <= lastLine; line++)
                {
                    var raw = text[lines[line].Start..lines[line].End];
                    parsed.Rows.Add(new ManifestTable.Row(ManifestCells.Split(raw), raw));
                }
                // A table at the very end of a file without a final newline: its last row gets one when rewritten.
                return new Region(heading, parsed, lines[firstLine].Start, lines[lastLine].End, -1, "", "");
            }
            var afterHeading = lines[found.Line].End;
            var textFollows = found.Line + 1 < lines.Count && !string.IsNullOrWhiteSpace(text[lines[found.Line + 1].Start..lines[found.Line + 1].End]);
            return new Region(heading, NewTable(headers, placeholder, newline), -1, -1, afterHeading, newline, textFollows ? newline : "");
        }
        return new Region(heading, NewTable(headers, placeholder, newline), -1, -1, -1, "", "");
    }

    private static ManifestTable NewTable(string[] headers, string placeholder, string newline)
    {
        var table = new ManifestTable(ManifestCells.Join(headers) + newline, "|" + string.Join("|", headers.Select(h => new string('-', h.Length + 2))) + "|" + newline, newline);
        table.Rows.Add(new ManifestTable.Row([placeholder, .. headers.Skip(1).Select(_ => "-")], null));
        return table;
    }

    private static bool IsHeading(string text, HeadingBlock heading, string title) =>
        string.Equals(text.Substring(heading.Span.Start, heading.Span.Length).Trim().TrimStart('#').TrimEnd('#').Trim(), title, StringComparison.OrdinalIgnoreCase);

    private static string NewlineOf(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    // Each line's range, its line ending included.
    private static List<(int Start, int End)> SplitLines(string text)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add((start, i + 1));
            start = i + 1;
        }
        if (start < text.Length) lines.Add((start, text.Length));
        return lines;
    }

    private static int LineOf(List<(int Start, int End)> lines, int offset)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (offset < lines[i].End) return i;
        }
        return lines.Count - 1;
    }
}

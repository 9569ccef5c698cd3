using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace IrlExec;

/// <summary>
/// The text of <c>execution/README.md</c> with its "Active Workflows" and "Completed Workflows" tables located by
/// Markdig (so a table inside a code block, like the seed's <c>**Format:**</c> example, is never mistaken for one).
/// <see cref="Render"/> writes every byte outside the two tables as it was read; a table IrlExec did not change is
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

    private ManifestDocument(string text, Region active, Region completed)
    {
        _text = text;
        _active = active;
        _completed = completed;
    }

    /// <summary>The Active Workflows table.</summary>
    public ManifestTable Active => _active.Table;

    /// <summary>The Completed Workflows table.</summary>
    public ManifestTable Completed => _completed.Table;

    /// <summary>Whether a table (or a missing section) was changed.</summary>
    public bool Changed => Active.Changed || Completed.Changed || _active.Start < 0 || _completed.Start < 0;

    public static ManifestDocument Parse(string text)
    {
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = SplitLines(text);
        var document = Markdown.Parse(text, Pipeline);
        var active = Locate(document, lines, text, ActiveHeading, newline, ["Workflow", "Started", "Status", "Log File", "Agent/User"], ActivePlaceholder);
        var completed = Locate(document, lines, text, CompletedHeading, newline, ["Workflow", "Completed", "Status", "Results", "Agent/User"], CompletedPlaceholder);
        return new ManifestDocument(text, active, completed);
    }

    /// <summary>The whole file: the original text with the two tables re-rendered in place.</summary>
    public string Render()
    {
        var edits = new List<(int Start, int End, string Text)>();
        foreach (var region in new[] { _active, _completed })
        {
            if (region.Start >= 0) edits.Add((region.Start, region.End, region.Table.Changed ? region.Table.Render() : _text[region.Start..region.End]));
            else if (region.InsertAt >= 0) edits.Add((region.InsertAt, region.InsertAt, region.Prefix + region.Table.Render()));
        }
        var appended = new[] { _active, _completed }.Where(r => r.Start < 0 && r.InsertAt < 0).ToList();
        var result = new System.Text.StringBuilder(_text.Length + 256);
        var position = 0;
        foreach (var (start, end, text) in edits.OrderBy(e => e.Start))
        {
            result.Append(_text, position, start - position).Append(text);
            position = end;
        }
        result.Append(_text, position, _text.Length - position);
        foreach (var region in appended)
        {
            if (result.Length > 0 && result[^1] != '\n') result.Append(region.Table.Newline);
            result.Append(region.Table.Newline).Append("## ").Append(region.Heading).Append(region.Table.Newline).Append(region.Table.Newline).Append(region.Table.Render());
        }
        return result.ToString();
    }

    // Start/End: the table's character range (End includes the last row's line ending); -1 when there is no table.
    // InsertAt: where to put a new table when the heading exists without one; -1 when the heading is missing too.
    private sealed record Region(string Heading, ManifestTable Table, int Start, int End, int InsertAt, string Prefix);

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
                return new Region(heading, parsed, lines[firstLine].Start, lines[lastLine].End, -1, "");
            }
            var afterHeading = lines[found.Line].End;
            return new Region(heading, NewTable(headers, placeholder, newline), -1, -1, afterHeading, newline);
        }
        return new Region(heading, NewTable(headers, placeholder, newline), -1, -1, -1, "");
    }

    private static ManifestTable NewTable(string[] headers, string placeholder, string newline)
    {
        var table = new ManifestTable(ManifestCells.Join(headers) + newline, "|" + string.Join("|", headers.Select(h => new string('-', h.Length + 2))) + "|" + newline, newline);
        table.Rows.Add(new ManifestTable.Row([placeholder, .. headers.Skip(1).Select(_ => "-")], null));
        return table;
    }

    private static bool IsHeading(string text, HeadingBlock heading, string title) =>
        string.Equals(text.Substring(heading.Span.Start, heading.Span.Length).Trim().TrimStart('#').TrimEnd('#').Trim(), title, StringComparison.OrdinalIgnoreCase);

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

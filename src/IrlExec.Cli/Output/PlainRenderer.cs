namespace IrlExec.Cli.Output;

/// <summary>Plain text for pipes and files: no colours, tables as space-aligned columns (easy to grep and cut).</summary>
internal sealed class PlainRenderer(TextWriter output) : IReportRenderer
{
    public void Heading(string text)
    {
        output.WriteLine();
        output.WriteLine(text);
    }

    public void KeyValues(IReadOnlyList<KeyValuePair<string, string>> rows)
    {
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Key.Length) + 1;
        foreach (var (key, value) in rows)
        {
            // A value of several lines: the lines after the first start under the first, not at the left margin.
            var lines = value.ReplaceLineEndings("\n").Split('\n');
            output.WriteLine((key + ":").PadRight(width + 1) + lines[0]);
            for (var i = 1; i < lines.Length; i++) output.WriteLine(lines[i].Length == 0 ? "" : new string(' ', width + 1) + lines[i]);
        }
    }

    public void Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string emptyText)
    {
        if (rows.Count == 0)
        {
            output.WriteLine(emptyText);
            return;
        }
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => i < r.Count ? r[i].Length : 0))).ToArray();
        output.WriteLine(Format(headers, widths));
        foreach (var row in rows) output.WriteLine(Format(row, widths));
    }

    public void Line(string text) => output.WriteLine(text);

    public void Success(string text) => output.WriteLine(text);

    public void Warning(string text) => output.WriteLine(text);

    public void Problem(string text) => output.WriteLine(text);

    private static string Format(IReadOnlyList<string> cells, int[] widths)
    {
        var parts = new string[widths.Length];
        for (var i = 0; i < widths.Length; i++) parts[i] = (i < cells.Count ? cells[i] : "").PadRight(widths[i]);
        return string.Join("  ", parts).TrimEnd();
    }

    public Task<T> WithStepProgressAsync<T>(string title, int totalSteps, int completedSteps, Func<IStepProgress?, Task<T>> work) => work(null);
}

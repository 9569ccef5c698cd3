namespace IrlExec;

/// <summary>
/// One Markdown pipe table of the manifest as lines of text: the header and separator lines are kept as they were, and
/// each row keeps its original text until it is replaced, so a table IrlExec did not change is written back byte for byte.
/// </summary>
internal sealed class ManifestTable
{
    public ManifestTable(string headerLine, string separatorLine, string newline)
    {
        HeaderLine = headerLine;
        SeparatorLine = separatorLine;
        Newline = newline;
        Headers = ManifestCells.Split(headerLine);
    }

    public string HeaderLine { get; }

    public string SeparatorLine { get; }

    public string Newline { get; }

    public IReadOnlyList<string> Headers { get; }

    public List<Row> Rows { get; } = [];

    public bool Changed { get; private set; }

    /// <summary>A row: its cells, and its original text (with line ending) when it came from the file unchanged.</summary>
    public sealed record Row(IReadOnlyList<string> Cells, string? Original)
    {
        // Rows live across updates (the document of the last bytes written is reused) and every update walks them all:
        // what a row stands for is worked out once.

        /// <summary>The <c>_(none)_</c> / <c>_(none yet)_</c> row that stands for an empty table.</summary>
        public bool IsPlaceholder { get; } = Cells.Count > 0 && Cells[0].StartsWith("_(", StringComparison.Ordinal) && Cells[0].EndsWith(")_", StringComparison.Ordinal);

        /// <summary>The row that links the pages older completed rows were rolled into (see <see cref="CompletedPages"/>).</summary>
        public bool IsOlderRunsLink { get; } = Cells.Count > 0 && Cells[0] == CompletedPages.LinkLabel;

        /// <summary>A row that stands for an execution (neither the placeholder nor the link to older pages).</summary>
        public bool IsExecutionRow => !IsPlaceholder && !IsOlderRunsLink;

        /// <summary>Whether its cell in <paramref name="column"/> is <paramref name="value"/> (and it stands for an execution).</summary>
        // The cell is compared first: a run's update looks its row up among every row of the table, and almost none match.
        public bool Holds(int column, string value) => column < Cells.Count && string.Equals(Cells[column], value, StringComparison.Ordinal) && IsExecutionRow;
    }

    /// <summary>The index of the column named <paramref name="name"/>, or <paramref name="fallback"/> when the header has no such column.</summary>
    public int Column(string name, int fallback)
    {
        for (var i = 0; i < Headers.Count; i++)
        {
            if (string.Equals(Headers[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return fallback;
    }

    /// <summary>The index of the row whose <paramref name="column"/> cell is <paramref name="value"/>, or -1.</summary>
    public int Find(int column, string value) => Find(column, value, 0);

    /// <summary>The index of the first row from <paramref name="start"/> on whose cell in <paramref name="column"/> is <paramref name="value"/>, or -1.</summary>
    public int Find(int column, string value, int start)
    {
        for (var i = start; i < Rows.Count; i++)
        {
            if (Rows[i].Holds(column, value)) return i;
        }
        return -1;
    }

    /// <summary>Removes the rows whose cell in <paramref name="column"/> is <paramref name="value"/>, but the first when <paramref name="keepFirst"/>.</summary>
    public void RemoveRepeats(int column, string value, string placeholder, bool keepFirst = true)
    {
        var first = Find(column, value);
        if (first < 0) return;
        for (var index = Find(column, value, keepFirst ? first + 1 : first); index >= 0; index = Find(column, value, index)) RemoveAt(index, placeholder);
    }

    /// <summary>Removes the row at <paramref name="index"/>; the table shows its placeholder when no row is left.</summary>
    public void RemoveAt(int index, string placeholder)
    {
        Rows.RemoveAt(index);
        if (Rows.Count == 0) Rows.Add(Placeholder(placeholder));
        Changed = true;
    }

    /// <summary>Replaces the row at <paramref name="index"/> (unless it is already identical).</summary>
    public void Replace(int index, IReadOnlyDictionary<string, string> values)
    {
        var cells = CellsFor(values);
        if (Rows[index].Cells.SequenceEqual(cells)) return;
        Rows[index] = new Row(cells, null);
        Changed = true;
    }

    /// <summary>Appends a row, dropping the placeholder.</summary>
    public void Add(IReadOnlyDictionary<string, string> values)
    {
        Rows.RemoveAll(r => r.IsPlaceholder);
        Rows.Add(new Row(CellsFor(values), null));
        Changed = true;
    }

    /// <summary>Removes the rows at <paramref name="indices"/> (ascending) at once.</summary>
    public void RemoveRows(IReadOnlyList<int> indices)
    {
        if (indices.Count == 0) return;
        var removed = new HashSet<int>(indices);
        var kept = new List<Row>(Rows.Count - removed.Count);
        for (var i = 0; i < Rows.Count; i++)
        {
            if (!removed.Contains(i)) kept.Add(Rows[i]);
        }
        Rows.Clear();
        Rows.AddRange(kept);
        Changed = true;
    }

    /// <summary>Puts <paramref name="cells"/> as the first row (replacing the row at <paramref name="existing"/> when it is not -1).</summary>
    public void PutFirst(int existing, IReadOnlyList<string> cells)
    {
        if (existing == 0 && Rows[0].Cells.SequenceEqual(cells)) return;
        if (existing >= 0) Rows.RemoveAt(existing);
        Rows.RemoveAll(r => r.IsPlaceholder);
        Rows.Insert(0, new Row(cells, null));
        Changed = true;
    }

    /// <summary>The line IrlExec writes for <paramref name="row"/> (its original text when it has one).</summary>
    public string LineOf(Row row) => row.Original is { } original && original.EndsWith('\n') ? original : (row.Original ?? ManifestCells.Join(row.Cells)) + Newline;

    /// <summary>The table's text: header, separator and rows, each line with its ending.</summary>
    public string Render()
    {
        var text = new System.Text.StringBuilder();
        text.Append(HeaderLine).Append(SeparatorLine);
        foreach (var row in Rows)
        {
            // An original last line without its line ending (end of file) gets one when a row follows it.
            if (text.Length > 0 && text[^1] != '\n') text.Append(Newline);
            text.Append(row.Original ?? ManifestCells.Join(row.Cells) + Newline);
        }
        return text.ToString();
    }

    // Cells in the header's column order; a column IrlExec does not fill gets "-".
    private string[] CellsFor(IReadOnlyDictionary<string, string> values)
    {
        var cells = new string[Math.Max(Headers.Count, 1)];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = i < Headers.Count && values.TryGetValue(Headers[i], out var value) ? ManifestCells.Escape(value) : "-";
        }
        return cells;
    }

    private Row Placeholder(string first)
    {
        var cells = new string[Math.Max(Headers.Count, 1)];
        cells[0] = first;
        for (var i = 1; i < cells.Length; i++) cells[i] = "-";
        return new Row(cells, null);
    }
}

/// <summary>Splitting, joining and escaping pipe-table cells.</summary>
internal static class ManifestCells
{
    /// <summary>The cells of a table line (leading and trailing pipes dropped, <c>\|</c> kept as part of a cell, cells trimmed).</summary>
    public static List<string> Split(string line)
    {
        var text = line.TrimEnd('\r', '\n').Trim();
        if (text.StartsWith('|')) text = text[1..];
        if (text.EndsWith('|') && !text.EndsWith("\\|", StringComparison.Ordinal)) text = text[..^1];
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == '|')
            {
                cell.Append("\\|");
                i++;
            }
            else if (text[i] == '|')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else cell.Append(text[i]);
        }
        cells.Add(cell.ToString().Trim());
        return cells;
    }

    /// <summary><c>| a | b | c |</c>, the seed's spelling.</summary>
    public static string Join(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells) + " |";

    /// <summary>A value made safe for one cell: one line, pipes escaped, never empty.</summary>
    public static string Escape(string value)
    {
        var text = value.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal).Trim();
        return text.Length == 0 ? "-" : text;
    }
}

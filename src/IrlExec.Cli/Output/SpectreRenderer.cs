using Spectre.Console;

namespace IrlExec.Cli.Output;

/// <summary>Tables, colours and rules for a terminal (Spectre.Console). Every text is escaped: file content is never markup.</summary>
internal sealed class SpectreRenderer(IAnsiConsole console) : IReportRenderer
{
    public void Heading(string text) => console.Write(new Rule($"[bold]{Markup.Escape(text)}[/]") { Justification = Justify.Left });

    public void KeyValues(IReadOnlyList<KeyValuePair<string, string>> rows)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (key, value) in rows) grid.AddRow(new Markup($"[grey]{Markup.Escape(key)}[/]"), new Markup(Colour(value)));
        console.Write(grid);
    }

    public void Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string emptyText)
    {
        if (rows.Count == 0)
        {
            console.MarkupLine($"[grey]{Markup.Escape(emptyText)}[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers) table.AddColumn(new TableColumn($"[bold]{Markup.Escape(header)}[/]"));
        foreach (var row in rows) table.AddRow(row.Select(cell => new Markup(Colour(cell))).ToArray());
        console.Write(table);
    }

    public void Line(string text) => console.WriteLine(text);

    public void Success(string text) => console.MarkupLine($"[green]{Markup.Escape(text)}[/]");

    public void Warning(string text) => console.MarkupLine($"[yellow]{Markup.Escape(text)}[/]");

    public void Problem(string text) => console.MarkupLine($"[red]{Markup.Escape(text)}[/]");

    // Status words get their colour wherever they appear as a whole cell.
    private static string Colour(string cell) => cell switch
    {
        "COMPLETED_SUCCESS" or "COMPLETED" => $"[green]{cell}[/]",
        "COMPLETED_FAILURE" or "FAILED" or "DAMAGED" or "ERROR" => $"[red]{cell}[/]",
        "PAUSED" or "WARN" => $"[yellow]{cell}[/]",
        "IN_PROGRESS" or "RESUMED" or "RUNNING" => $"[blue]{cell}[/]",
        _ => Markup.Escape(cell),
    };
}

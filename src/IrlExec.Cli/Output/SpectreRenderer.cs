using Spectre.Console;

namespace IrlExec.Cli.Output;

/// <summary>Tables, colours and rules for a terminal (Spectre.Console). Every text is escaped: file content is never markup, and its control characters are shown inert (<see cref="TerminalText"/>).</summary>
internal sealed class SpectreRenderer(IAnsiConsole console) : IReportRenderer
{
    public void Heading(string text) => console.Write(new Rule($"[bold]{Escape(text)}[/]") { Justification = Justify.Left });

    public void KeyValues(IReadOnlyList<KeyValuePair<string, string>> rows)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (key, value) in rows) grid.AddRow(new Markup($"[grey]{Escape(key)}[/]"), new Markup(Colour(value)));
        console.Write(grid);
    }

    public void Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string emptyText)
    {
        if (rows.Count == 0)
        {
            console.MarkupLine($"[grey]{Escape(emptyText)}[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers) table.AddColumn(new TableColumn($"[bold]{Escape(header)}[/]"));
        foreach (var row in rows) table.AddRow(row.Select(cell => new Markup(Colour(cell))).ToArray());
        console.Write(table);
    }

    public void Line(string text) => console.WriteLine(TerminalText.Inert(text));

    // A console that is not interactive (output redirected) gets no progress: Spectre's fallback for it prints the bar's
    // state as lines whenever its refresh happens to see a milestone, which depends on timing.
    public Task<T> WithStepProgressAsync<T>(string title, int totalSteps, int completedSteps, Func<IStepProgress?, Task<T>> work) =>
        !console.Profile.Capabilities.Interactive ? work(null) : console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Escape(title), maxValue: Math.Max(1, totalSteps));
                task.Value = completedSteps;
                var result = await work(new SpectreStepProgress(task, title, totalSteps)).ConfigureAwait(false);
                task.StopTask();
                return result;
            });

    // One progress task for the run: its description names the running step, its value counts completed steps.
    private sealed class SpectreStepProgress(ProgressTask task, string title, int totalSteps) : IStepProgress
    {
        public void StepStarted(int order, string name, int attempt) =>
            task.Description = Escape($"{title}: step {order}/{totalSteps} {name}" + (attempt > 1 ? $" (attempt {attempt})" : ""));

        public void StepCompleted(int order) => task.Increment(1);
    }

    public void Success(string text) => console.MarkupLine($"[green]{Escape(text)}[/]");

    public void Warning(string text) => console.MarkupLine($"[yellow]{Escape(text)}[/]");

    public void Problem(string text) => console.MarkupLine($"[red]{Escape(text)}[/]");

    // Status words get their colour wherever they appear as a whole cell.
    private static string Colour(string cell) => cell switch
    {
        "COMPLETED_SUCCESS" or "COMPLETED" => $"[green]{cell}[/]",
        "COMPLETED_FAILURE" or "FAILED" or "DAMAGED" or "ERROR" => $"[red]{cell}[/]",
        "PAUSED" or "WARN" => $"[yellow]{cell}[/]",
        "IN_PROGRESS" or "RESUMED" or "RUNNING" => $"[blue]{cell}[/]",
        _ => Escape(cell),
    };

    // File content is never markup, and its control characters are never obeyed by the terminal.
    private static string Escape(string text) => Markup.Escape(TerminalText.Inert(text));
}

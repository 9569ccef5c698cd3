namespace IrlExec.Cli.Output;

/// <summary>How a command's human-readable output is drawn: Spectre.Console on a terminal, plain text when redirected.</summary>
internal interface IReportRenderer
{
    /// <summary>A section title.</summary>
    void Heading(string text);

    /// <summary>Aligned <c>key: value</c> lines.</summary>
    void KeyValues(IReadOnlyList<KeyValuePair<string, string>> rows);

    /// <summary>A table; an empty table prints <paramref name="emptyText"/>.</summary>
    void Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string emptyText);

    /// <summary>A plain line.</summary>
    void Line(string text);

    /// <summary>A line that stands out as good news (green on a terminal).</summary>
    void Success(string text);

    /// <summary>A line that stands out as a warning (yellow on a terminal).</summary>
    void Warning(string text);

    /// <summary>A line that stands out as a problem (red on a terminal).</summary>
    void Problem(string text);

    /// <summary>
    /// Runs <paramref name="work"/> while it shows the progress of a workflow's steps: a progress bar on a terminal,
    /// nothing in plain text (the report after the run says how far it got). <paramref name="work"/> gets null when no
    /// progress is shown.
    /// </summary>
    Task<T> WithStepProgressAsync<T>(string title, int totalSteps, int completedSteps, Func<IStepProgress?, Task<T>> work);
}

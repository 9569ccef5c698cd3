using Spectre.Console;

namespace IrlExec.Cli.Output;

/// <summary>
/// Where a command writes: <see cref="Out"/> for results, <see cref="Error"/> for messages. Rich (Spectre.Console) output
/// only when stdout is a real terminal; plain text when it is redirected or captured (tests, pipes).
/// </summary>
internal sealed class CliConsole
{
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where messages go.</param>
    /// <param name="rich">Spectre.Console output (tables, colours, progress) instead of plain text.</param>
    /// <param name="interactive">
    /// Whether live displays (the progress of a run) are drawn: detected from the output when null, which draws them only
    /// on a terminal.
    /// </param>
    /// <param name="input">Standard input (<c>--var-file name=-</c>); an empty input when null.</param>
    public CliConsole(TextWriter output, TextWriter error, bool rich, bool? interactive = null, TextReader? input = null)
    {
        // Both show text that steps wrote: its control characters are made inert (TerminalText). Spectre writes its own
        // colours to the writer it is given, so it gets the raw one and SpectreRenderer makes each text inert itself.
        Out = new InertTextWriter(output);
        Error = new InertTextWriter(error);
        In = input ?? TextReader.Null;
        IsRich = rich;
        Renderer = rich
            ? new SpectreRenderer(AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = AnsiSupport.Detect,
                ColorSystem = ColorSystemSupport.Detect,
                Interactive = interactive switch { true => InteractionSupport.Yes, false => InteractionSupport.No, null => InteractionSupport.Detect },
            }))
            : new PlainRenderer(Out);
    }

    /// <summary>The process's console: rich when stdout is a terminal and NO_COLOR is not set.</summary>
    public static CliConsole System() =>
        new(Console.Out, Console.Error, rich: !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")), input: Console.In);

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Where a value given as <c>--var-file name=-</c> is read from.</summary>
    public TextReader In { get; }

    public bool IsRich { get; }

    public IReportRenderer Renderer { get; }
}

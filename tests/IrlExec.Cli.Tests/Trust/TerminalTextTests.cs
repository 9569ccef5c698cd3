using IrlExec.Cli.Output;
using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests.Trust;

/// <summary>
/// Text a step recorded (a tool's output it logged, a value it published, a reason it paused with) may hold terminal
/// control sequences: <c>irlexec</c> shows it inert, never as bytes a terminal would obey (a title change, a cleared
/// screen, a line erased, a hyperlink), in plain and rich output, on stdout and stderr.
/// </summary>
public sealed class TerminalTextTests : IDisposable
{
    private const string Title = "\u001b]0;pwned\u0007";
    private const string Clear = "\u001b[2J\u001b[H";
    private const string Csi = "\u009b31m";
    private const string Erase = "hidden\b\b\b\b\b\bshown!";

    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static WorkflowDefinition Workflow()
    {
        var step = new StepPlan { Order = 1, Name = "tool", Component = "trust.tool", Outputs = [new StepOutputPlan { Name = "banner" }] };
        var plan = new WorkflowPlan { Name = "terminal", Goal = "Show what a tool printed", Steps = [step] };
        return new WorkflowDefinition(plan,
        [
            StepDefinition.Create(step, () => new ToolStep(), publishOutputs: (s, outputs) => outputs.Set("banner", s.Banner)),
        ]);
    }

    private sealed class ToolStep : IStep
    {
        public string Banner { get; private set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.Log("tool said " + Title + Clear + "done");
            context.Log(ExecutionLogLevel.Warn, "warned " + Csi + "red");
            context.Log(ExecutionLogLevel.Error, "erased " + Erase);
            Banner = "banner " + Title + Clear;
            context.Pause("waiting " + Title + Erase);
            return ValueTask.CompletedTask;
        }
    }

    public static TheoryData<bool> Renderers() => [false, true];

    [Theory]
    [MemberData(nameof(Renderers))]
    public async Task Control_characters_a_step_recorded_are_shown_inert(bool rich)
    {
        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Workflow());
        Assert.Equal(ExecutionStatus.Paused, result.Status);

        var outputs = new List<(string Command, string Text)>();
        foreach (var args in new[]
        {
            new[] { "logs", "--root", _root.Path },
            ["status", result.ExecutionId, "--root", _root.Path],
            ["list", "--root", _root.Path],
            ["status", result.ExecutionId, "--root", _root.Path, "--json"],
            ["logs", "--root", _root.Path, "--json"],
        })
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await CliApp.InvokeAsync(args, new CliConsole(output, error, rich, interactive: false), CancellationToken.None);
            Assert.True(exit == ExitCodes.Ok, $"{string.Join(' ', args)}: exit {exit}\n{output}\n{error}");
            outputs.Add((string.Join(' ', args) + " (stdout)", output.ToString()));
            outputs.Add((string.Join(' ', args) + " (stderr)", error.ToString()));
        }

        // Not vacuous: the lines are shown, their control characters made visible.
        Assert.Contains(outputs, o => o.Text.Contains("tool said", StringComparison.Ordinal) && o.Text.Contains("pwned", StringComparison.Ordinal));
        foreach (var (command, shown) in outputs)
        {
            // Rich output colours with Spectre's own SGR sequences (ESC [ ... m); none of the step's text is one.
            var text = rich ? System.Text.RegularExpressions.Regex.Replace(shown, "\u001b\\[[0-9;]*m", "") : shown;
            var bad = text.Select((c, i) => (c, i)).Where(x => char.IsControl(x.c) && x.c is not ('\n' or '\t' or '\r')).ToList();
            Assert.True(bad.Count == 0, $"{command}: control characters {string.Join(", ", bad.Select(b => $"U+{(int)b.c:X4} at {b.i}"))} in\n{text}");
        }
    }
}

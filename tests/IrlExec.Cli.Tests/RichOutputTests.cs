using IrlExec.Cli.Output;
using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>On a terminal the same commands draw Spectre.Console tables; redirected output stays plain.</summary>
public sealed class RichOutputTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Rich_console_draws_the_step_table_with_borders()
    {
        var id = await Samples.StartPausedDeployAsync(_root);
        var output = new StringWriter();

        var exitCode = await CliApp.InvokeAsync(["status", id, "--root", _root.Path], new CliConsole(output, new StringWriter(), rich: true));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("╭", output.ToString(), StringComparison.Ordinal);
        // Not a terminal here, so Spectre draws for 80 columns and long cells wrap: check short ones.
        Assert.Contains("build", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("PENDING", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_console_has_no_borders_or_escape_codes()
    {
        var id = await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("status", id, "--root", _root.Path);

        Assert.DoesNotContain("╭", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Out, StringComparison.Ordinal);
    }
}

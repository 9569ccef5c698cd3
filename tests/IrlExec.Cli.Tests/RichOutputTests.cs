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
    public async Task Rich_console_shows_the_progress_of_a_run_step_by_step()
    {
        var output = new StringWriter();

        var exitCode = await CliApp.InvokeAsync(
            ["run", "deploy", "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "version=2.0.0", "--var", "environment=prod"],
            new CliConsole(output, new StringWriter(), rich: true, interactive: true));

        // The last frame stays: the step the run stopped at, one of three steps done.
        Assert.Equal(ExitCodes.Paused, exitCode);
        Assert.Contains("run deploy: step 2/3 await-approval", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("33%", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rich_console_shows_a_resumed_run_starting_from_the_steps_already_done()
    {
        var id = await Samples.StartPausedDeployAsync(_root);
        var output = new StringWriter();

        var exitCode = await CliApp.InvokeAsync(
            ["resume", id, "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "approved_by=ops"],
            new CliConsole(output, new StringWriter(), rich: true, interactive: true));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("resume deploy: step 3/3 release", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("100%", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rich_console_that_is_not_interactive_draws_no_progress()
    {
        var output = new StringWriter();

        await CliApp.InvokeAsync(
            ["run", "deploy", "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "version=2.0.0", "--var", "environment=prod"],
            new CliConsole(output, new StringWriter(), rich: true, interactive: false));

        Assert.DoesNotContain("step 2/3", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("PAUSED", output.ToString(), StringComparison.Ordinal);
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

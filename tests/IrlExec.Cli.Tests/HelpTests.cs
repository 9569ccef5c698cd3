using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>Help names the tool as people type it and lists every command.</summary>
public sealed class HelpTests
{
    [Fact]
    public async Task Help_shows_irlexec_usage_and_every_command()
    {
        var result = await Irlexec.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("irlexec [command] [options]", result.Out);
        foreach (var command in new[] { "list", "status", "logs", "validate", "archive", "clean", "backup", "restore", "export-training", "manifest", "run", "simulate", "resume", "plan", "dashboard" })
        {
            Assert.Matches($@"(?m)^  {command}\b", result.Out);
        }
    }
}

using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>
/// The built irlexec as a real child process (dotnet IrlExec.Cli.dll), as a person runs it: few tests, because each
/// starts a process.
/// </summary>
public sealed class RealProcessTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Deploy_runs_to_paused_then_irlexec_resume_completes_it()
    {
        var run = await Irlexec.RunProcessAsync("run", "deploy", "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "version=4.2.0", "--var", "environment=prod", "--json");
        Assert.True(run.ExitCode == ExitCodes.Paused, run.ToString());
        var id = run.Json().GetProperty("execution_id").GetString()!;

        var resume = await Irlexec.RunProcessAsync("resume", id, "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "approved_by=samson");
        var status = await Irlexec.RunProcessAsync("status", id, "--root", _root.Path, "--json");

        Assert.True(resume.ExitCode == ExitCodes.Ok, resume.ToString());
        Assert.Contains("COMPLETED_SUCCESS", resume.Out);
        Assert.Equal("COMPLETED_SUCCESS", status.Json().GetProperty("status").GetString());
        Assert.Equal("4.2.0 approved by samson\n", File.ReadAllText(_root["deploy/prod.current"]));
    }

    [Fact]
    public async Task Validate_on_a_damaged_history_exits_5_and_names_the_file()
    {
        var id = await Samples.StartPausedDeployAsync(_root);
        var history = _root.Layout.HistoryFile(id);
        File.AppendAllText(history, "garbage in the middle\n{\"also\":\"not a record\"}\n");

        var result = await Irlexec.RunProcessAsync("validate", "--root", _root.Path);

        Assert.Equal(ExitCodes.DamagedFile, result.ExitCode);
        Assert.Contains(history + ":", result.Out);
        Assert.Contains("1 damaged", result.Out);
    }
}

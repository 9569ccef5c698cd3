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

    // The incident-approval sample's own program writes the folder; irlexec reads it, as a person would afterwards.
    private async Task RunIncidentSampleAsync()
    {
        var sample = await Irlexec.RunDllAsync(Samples.IncidentApproval, "run", "--root", _root.Path);
        Assert.True(sample.ExitCode == 0, sample.ToString());
        Assert.Contains("3 approved, 2 rejected, 1 flagged", sample.Out);
    }

    [Fact]
    public async Task Logs_of_a_sample_run_filtered_to_warnings_show_the_flagged_incident()
    {
        await RunIncidentSampleAsync();

        var result = await Irlexec.RunProcessAsync("logs", "incident-approval", "--root", _root.Path, "--level", "WARN");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var line = Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] \[WARN\] \[incident-approval\] \[apply\] .*Flagged incident 2026-01-04T08-02-37-554Z_517340 for review \(TYPE_MISMATCH on amount_cents\)$", line);
    }

    [Fact]
    public async Task Archive_of_a_sample_run_gzips_its_logs_into_the_month_folder()
    {
        await RunIncidentSampleAsync();
        var logs = Directory.GetFiles(_root.Layout.LogsDirectory, "*.log");

        var result = await Irlexec.RunProcessAsync("archive", "--root", _root.Path, "--older-than", "0", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Empty(Directory.GetFiles(_root.Layout.LogsDirectory, "*.log"));
        var month = Path.Combine(_root.Layout.ArchiveDirectory, DateTime.UtcNow.ToString("yyyy-MM"));
        Assert.Equal(logs.Select(l => Path.GetFileName(l) + ".gz").Order(), Directory.GetFiles(month).Select(Path.GetFileName).Order());
    }
}

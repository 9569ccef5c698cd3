using System.Text.Json;
using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>run, status, resume and list on the deploy sample, loaded by path through --assembly.</summary>
public sealed class DeployWorkflowTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Run_stops_at_the_approval_step_with_exit_6_and_says_how_to_resume()
    {
        var result = await Irlexec.RunAsync("run", "deploy", "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "version=2.0.0", "--var", "environment=prod");

        Assert.Equal(ExitCodes.Paused, result.ExitCode);
        Assert.Contains("PAUSED", result.Out);
        Assert.Contains("waiting for approval of 2.0.0 to prod", result.Out);
        Assert.Contains("irlexec resume exec_", result.Out);
        Assert.False(File.Exists(_root["deploy/prod.current"]));
    }

    [Fact]
    public async Task Status_json_of_a_paused_execution_has_metadata_steps_and_files()
    {
        var id = await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("status", id, "--root", _root.Path, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var status = result.Json();
        Assert.Equal(id, status.GetProperty("execution_id").GetString());
        Assert.Equal("deploy", status.GetProperty("workflow").GetString());
        Assert.Equal("PAUSED", status.GetProperty("status").GetString());
        Assert.Equal("EXECUTION", status.GetProperty("mode").GetString());
        Assert.True(status.GetProperty("active").GetBoolean());
        var steps = status.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("status").GetString())).ToList();
        Assert.Equal([("build", "COMPLETED"), ("await-approval", "PAUSED"), ("release", "PENDING")], steps);
        Assert.Equal(68, status.GetProperty("metrics").GetProperty("estimated_seconds").GetDouble());
        Assert.Equal(_root.Layout.SnapshotFile(id), status.GetProperty("files").GetProperty("snapshot").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("files").GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task Status_text_shows_the_step_table_with_estimated_and_actual_columns()
    {
        var id = await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("status", id, "--root", _root.Path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("#  STEP            STATUS     ATTEMPTS  EST COST  ACTUAL COST  EST TIME", result.Out);
        Assert.Matches(@"1  build\s+COMPLETED\s+1\s+\$0\.00\s+\$0\.00\s+3s", result.Out);
        Assert.Contains("Paused. Continue it with: irlexec resume " + id, result.Out);
    }

    [Fact]
    public async Task Resume_with_the_approver_completes_the_release()
    {
        var id = await Samples.StartPausedDeployAsync(_root, version: "3.1.0");

        var result = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "approved_by=samson", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("COMPLETED_SUCCESS", result.Json().GetProperty("status").GetString());
        Assert.Equal("3.1.0 approved by samson\n", File.ReadAllText(_root["deploy/staging.current"]));
        Assert.True(File.Exists(result.Json().GetProperty("files").GetProperty("result").GetString()));
    }

    [Fact]
    public async Task Resume_without_the_approver_pauses_again_with_exit_6()
    {
        var id = await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Samples.Deploy);

        Assert.Equal(ExitCodes.Paused, result.ExitCode);
    }

    [Fact]
    public async Task Resume_of_a_finished_execution_fails_with_exit_1_and_the_reason()
    {
        var id = await Samples.CompletedDeployAsync(_root);

        var result = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Samples.Deploy);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("COMPLETED_SUCCESS", result.Error);
        Assert.Contains("immutable", result.Error);
    }

    [Fact]
    public async Task Simulate_writes_nothing_outside_execution_and_completes()
    {
        var result = await Irlexec.RunAsync("simulate", "deploy", "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "version=1.0.0", "--var", "environment=qa", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("SIMULATION", result.Json().GetProperty("mode").GetString());
        Assert.False(Directory.Exists(_root["deploy"]));
    }

    [Fact]
    public async Task List_json_puts_the_paused_execution_as_active_and_the_finished_one_as_not()
    {
        var finished = await Samples.CompletedDeployAsync(_root);
        var paused = await Samples.StartPausedDeployAsync(_root, version: "9.9.9");

        var result = await Irlexec.RunAsync("list", "--root", _root.Path, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var json = result.Json();
        Assert.Equal(_root.Path, json.GetProperty("root").GetString());
        var rows = json.GetProperty("executions").EnumerateArray().ToDictionary(e => e.GetProperty("execution_id").GetString()!);
        Assert.Equal(2, rows.Count);
        Assert.True(rows[paused].GetProperty("active").GetBoolean());
        Assert.Equal("PAUSED", rows[paused].GetProperty("status").GetString());
        Assert.False(rows[finished].GetProperty("active").GetBoolean());
        Assert.Equal("COMPLETED_SUCCESS", rows[finished].GetProperty("status").GetString());
        Assert.Equal(3, rows[finished].GetProperty("steps_completed").GetInt32());
    }

    [Fact]
    public async Task List_text_has_an_active_and_a_recent_table()
    {
        var paused = await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("list", "--root", _root.Path);

        var active = result.Out.IndexOf("Active executions", StringComparison.Ordinal);
        var recent = result.Out.IndexOf("Recent executions", StringComparison.Ordinal);
        var row = result.Out.IndexOf(paused, StringComparison.Ordinal);
        Assert.True(active >= 0 && active < row && row < recent, result.ToString());
        Assert.Contains("(none)", result.Out[recent..]);
    }
}

using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>
/// The CLI goes by the histories: the outcome and exit code of a run, what is active, and what is listed. Views that lag
/// are reported and repaired; a history that is empty or missing is reported, never hidden.
/// </summary>
public sealed class ViewsAndHistoryTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private ExecutionLayout Layout => _root.Layout;

    [Fact]
    public async Task A_run_whose_result_cannot_be_written_exits_with_the_history_s_outcome_and_repair_makes_the_root_consistent()
    {
        // The reproduction: a file where the results folder should be.
        Directory.CreateDirectory(Layout.ExecutionDirectory);
        File.WriteAllText(Layout.ResultsDirectory, "");
        var id = await Samples.StartPausedDeployAsync(_root);

        var resumed = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "approved_by=samson");
        var listed = await Irlexec.RunAsync("list", "--root", _root.Path, "--json");
        var lagging = await Irlexec.RunAsync("validate", "--root", _root.Path);
        File.Delete(Layout.ResultsDirectory);
        var repaired = await Irlexec.RunAsync("repair", "--root", _root.Path);
        var valid = await Irlexec.RunAsync("validate", "--root", _root.Path);

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        Assert.Contains("status:", resumed.Out);
        Assert.Contains("COMPLETED_SUCCESS", resumed.Out);
        Assert.Contains("warning: " + Layout.ResultsDirectory, resumed.Error);
        // Not active: its history has finished, whatever the active list still says.
        var row = Assert.Single(listed.Json().GetProperty("executions").EnumerateArray());
        Assert.False(row.GetProperty("active").GetBoolean());
        Assert.Equal(ExitCodes.DamagedFile, lagging.ExitCode);
        Assert.Contains("lags the history", lagging.Out);
        Assert.True(repaired.ExitCode == ExitCodes.Ok, repaired.ToString());
        Assert.Contains("rebuilt", repaired.Out);
        Assert.True(valid.ExitCode == ExitCodes.Ok, valid.ToString());
        Assert.Empty(ActiveWorkflowsWriter.Read(Layout.ActiveWorkflowsFile)!.Workflows);
    }

    [Fact]
    public async Task Resume_of_a_finished_execution_whose_views_lag_rewrites_them_says_so_and_exits_0()
    {
        var id = await Samples.CompletedDeployAsync(_root);
        var state = ExecutionStateFiles.Read(Layout, id)!;
        File.Delete(Layout.ResultFile(state.Workflow, state.RunLabel));
        File.Delete(Layout.SnapshotFile(id));

        var result = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Samples.Deploy);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("had already finished (COMPLETED_SUCCESS); nothing ran", result.Error);
        Assert.Contains(Layout.SnapshotFile(id), result.Error);
        Assert.True(File.Exists(Layout.ResultFile(state.Workflow, state.RunLabel)));
    }

    [Fact]
    public async Task Resume_of_a_finished_execution_whose_views_agree_is_refused_with_exit_1()
    {
        var id = await Samples.CompletedDeployAsync(_root);

        var result = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Samples.Deploy);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("a finished execution's history is immutable", result.Error);
    }

    [Fact]
    public async Task A_damaged_active_list_does_not_change_a_run_s_exit_code_it_is_rebuilt()
    {
        var first = await Samples.StartPausedDeployAsync(_root);
        File.WriteAllText(Layout.ActiveWorkflowsFile, "{ not json");

        var resumed = await Irlexec.RunAsync("resume", first, "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "approved_by=samson");

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        Assert.Contains("note: " + Layout.ActiveWorkflowsFile, resumed.Error);
        Assert.Single(Directory.GetFiles(Layout.ActiveDirectory, "workflows.json.damaged-*"));
        Assert.Equal(ExitCodes.Ok, (await Irlexec.RunAsync("validate", "--root", _root.Path)).ExitCode);
    }

    [Fact]
    public async Task A_manifest_that_is_not_utf8_does_not_change_a_run_s_exit_code_it_is_kept_beside_the_rebuilt_one()
    {
        var first = await Samples.StartPausedDeployAsync(_root);
        File.WriteAllBytes(Layout.ManifestFile, [.. "# Caf"u8, 0xE9, (byte)'\n']);

        var resumed = await Irlexec.RunAsync("resume", first, "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "approved_by=samson");

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        Assert.Single(Directory.GetFiles(Layout.ExecutionDirectory, "README.md.damaged-*"));
        Assert.Equal(ExitCodes.Ok, (await Irlexec.RunAsync("validate", "--root", _root.Path)).ExitCode);
    }

    [Fact]
    public async Task An_empty_history_is_listed_as_DAMAGED_naming_the_file_and_every_other_execution_stays_listed()
    {
        var paused = await Samples.StartPausedDeployAsync(_root);
        var completed = await Samples.CompletedDeployAsync(_root);
        File.WriteAllBytes(Layout.HistoryFile("exec_20260101T000000Z_empty"), []);

        var list = await Irlexec.RunAsync("list", "--root", _root.Path, "--json");
        var status = await Irlexec.RunAsync("status", "exec_20260101T000000Z_empty", "--root", _root.Path);
        var validate = await Irlexec.RunAsync("validate", "--root", _root.Path);

        Assert.Equal(ExitCodes.DamagedFile, list.ExitCode);
        var rows = list.Json().GetProperty("executions").EnumerateArray().ToDictionary(e => e.GetProperty("execution_id").GetString()!, e => e);
        Assert.Equal(3, rows.Count);
        Assert.Contains(paused, rows.Keys);
        Assert.Contains(completed, rows.Keys);
        Assert.Equal("DAMAGED", rows["exec_20260101T000000Z_empty"].GetProperty("status").GetString());
        Assert.Contains("the history is empty (0 bytes)", rows["exec_20260101T000000Z_empty"].GetProperty("error").GetString());
        Assert.Equal(ExitCodes.DamagedFile, status.ExitCode);
        Assert.Contains(Layout.HistoryFile("exec_20260101T000000Z_empty"), status.Error);
        Assert.Equal(ExitCodes.DamagedFile, validate.ExitCode);
        Assert.Contains(Layout.HistoryFile("exec_20260101T000000Z_empty") + ":0: the history is empty", validate.Out);
    }

    [Fact]
    public async Task A_deleted_history_is_listed_from_its_markdown_reported_by_validate_and_resumed_as_the_SDK_does()
    {
        var id = await Samples.StartPausedDeployAsync(_root);
        File.Delete(Layout.HistoryFile(id));

        var list = await Irlexec.RunAsync("list", "--root", _root.Path, "--json");
        var status = await Irlexec.RunAsync("status", id, "--root", _root.Path);
        var validate = await Irlexec.RunAsync("validate", "--root", _root.Path);
        var resumed = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "approved_by=samson");
        var after = await Irlexec.RunAsync("validate", "--root", _root.Path);

        Assert.Equal(ExitCodes.DamagedFile, list.ExitCode);
        var row = Assert.Single(list.Json().GetProperty("executions").EnumerateArray());
        Assert.Equal(id, row.GetProperty("execution_id").GetString());
        Assert.Equal("PAUSED", row.GetProperty("status").GetString());
        Assert.Contains("the history (the execution's record) is missing", row.GetProperty("error").GetString());
        Assert.Equal(ExitCodes.DamagedFile, status.ExitCode);
        Assert.Contains("PAUSED", status.Out);
        Assert.Contains(Layout.HistoryFile(id), status.Error);
        Assert.Equal(ExitCodes.DamagedFile, validate.ExitCode);
        Assert.Contains(Layout.HistoryFile(id) + ":0: the history (the execution's record) is missing", validate.Out);
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        Assert.True(File.Exists(Layout.HistoryFile(id)));
        Assert.True(after.ExitCode == ExitCodes.Ok, after.ToString());
    }

    [Fact]
    public async Task Status_says_when_no_process_runs_an_execution_that_has_not_finished_and_warns_of_a_torn_history_line()
    {
        var id = await Samples.StartPausedDeployAsync(_root);
        var history = Layout.HistoryFile(id);
        // As a process killed before the pause leaves it: the pause never recorded, a record half written, and views
        // that never showed the pause (rebuilt from the history by repair).
        var lines = File.ReadAllLines(history);
        File.WriteAllText(history, string.Join('\n', lines.Take(lines.Length - 2)) + "\n" + lines[^2][..20]);
        foreach (var view in new[] { Layout.SnapshotFile(id), Layout.MarkdownFile(id), Layout.WorkspaceStateFile }) File.Delete(view);
        var repaired = await Irlexec.RunAsync("repair", "--root", _root.Path);
        Assert.True(repaired.ExitCode == ExitCodes.Ok, repaired.ToString());

        var status = await Irlexec.RunAsync("status", id, "--root", _root.Path);
        var validate = await Irlexec.RunAsync("validate", "--root", _root.Path, "--json");

        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
        Assert.Contains("IN_PROGRESS", status.Out);
        Assert.Contains("No process is running this execution: it was interrupted", status.Out);
        Assert.Contains($"warning: {history}:", status.Error);
        Assert.Contains("is torn", status.Error);
        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());
        var warning = Assert.Single(validate.Json().GetProperty("warnings").EnumerateArray());
        Assert.Equal(history, warning.GetProperty("file").GetString());
    }

    [Fact]
    public async Task Validate_reports_text_appended_after_the_end_of_the_workspace_execution_state()
    {
        await Samples.StartPausedDeployAsync(_root);
        File.AppendAllText(Layout.WorkspaceStateFile, "\nsomething added by hand\n");

        var validate = await Irlexec.RunAsync("validate", "--root", _root.Path);

        Assert.Equal(ExitCodes.DamagedFile, validate.ExitCode);
        Assert.Contains(Layout.WorkspaceStateFile + ":", validate.Out);
        Assert.Contains("text after the end ('something added by hand')", validate.Out);
    }

    [Fact]
    public async Task A_torn_last_log_line_is_the_same_warning_in_logs_and_validate()
    {
        var id = await Samples.StartPausedDeployAsync(_root);
        var log = Layout.LogFile(ExecutionStateFiles.Read(Layout, id)!.RunLabel);
        File.AppendAllText(log, "[2026-12-06T10:00:00Z] [INFO] [dep");

        var logs = await Irlexec.RunAsync("logs", "--root", _root.Path);
        var validate = await Irlexec.RunAsync("validate", "--root", _root.Path);

        Assert.Equal(ExitCodes.Ok, logs.ExitCode);
        Assert.Equal(ExitCodes.Ok, validate.ExitCode);
        Assert.Contains($"warning: {log}:", logs.Error);
        Assert.Contains($"warning: {log}:", validate.Out);
        Assert.Contains("the last line has no newline", logs.Error);
        Assert.Contains("the last line has no newline", validate.Out);
    }
}

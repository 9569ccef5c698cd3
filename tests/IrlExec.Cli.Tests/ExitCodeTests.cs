using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>Clear messages and distinct exit codes for the failures a script must tell apart (docs/cli.md).</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Missing_root_exits_3_and_names_the_folder()
    {
        var missing = _root["does-not-exist"];

        var result = await Irlexec.RunAsync("list", "--root", missing);

        Assert.Equal(ExitCodes.RootNotFound, result.ExitCode);
        Assert.Contains($"The root folder '{missing}' does not exist", result.Error);
    }

    [Fact]
    public async Task Root_without_an_execution_folder_exits_3_and_says_so()
    {
        var result = await Irlexec.RunAsync("status", "exec_x", "--root", _root.Path);

        Assert.Equal(ExitCodes.RootNotFound, result.ExitCode);
        Assert.Contains($"There is no execution/ folder in '{_root.Path}'", result.Error);
    }

    [Fact]
    public async Task Unknown_execution_id_exits_4_and_points_to_list()
    {
        await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("status", "exec_20260101T000000Z_0000", "--root", _root.Path);

        Assert.Equal(ExitCodes.UnknownId, result.ExitCode);
        Assert.Contains("No execution 'exec_20260101T000000Z_0000'", result.Error);
        Assert.Contains("'irlexec list'", result.Error);
    }

    [Fact]
    public async Task An_id_with_a_path_in_it_is_an_unknown_id_and_reads_nothing_outside_state()
    {
        await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("status", "../../etc/passwd", "--root", _root.Path);

        Assert.Equal(ExitCodes.UnknownId, result.ExitCode);
        Assert.Contains("is not an execution id", result.Error);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("resume")]
    [InlineData("signal", "approval")]
    [InlineData("export", "--output", "exported")]
    public async Task Every_command_given_something_that_cannot_be_an_id_exits_4_with_the_same_message(string command, params string[] rest)
    {
        await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync([command, "../x", .. rest.Select(a => a == "exported" ? Path.Combine(_root.Path, a) : a), "--root", _root.Path]);

        Assert.Equal(ExitCodes.UnknownId, result.ExitCode);
        Assert.Contains("'../x' is not an execution id: an id is 1-200 letters", result.Error);
    }

    [Fact]
    public async Task A_very_long_value_given_as_an_id_is_shown_cut_with_its_length()
    {
        await Samples.StartPausedDeployAsync(_root);
        var pasted = new string('x', 5000) + "/";

        var result = await Irlexec.RunAsync("signal", pasted, "approval", "--root", _root.Path);

        Assert.Equal(ExitCodes.UnknownId, result.ExitCode);
        Assert.Contains("…' (5001 characters) is not an execution id", result.Error);
        Assert.True(result.Error.Length < 400, result.Error);
    }

    [Fact]
    public async Task Damaged_history_makes_status_exit_5_naming_the_file_and_line()
    {
        var id = await Samples.StartPausedDeployAsync(_root);
        var history = _root.Layout.HistoryFile(id);
        var lines = File.ReadAllLines(history);
        lines[1] = "{ this is not a history record }";
        File.WriteAllLines(history, lines);

        var result = await Irlexec.RunAsync("status", id, "--root", _root.Path);

        Assert.Equal(ExitCodes.DamagedFile, result.ExitCode);
        Assert.Contains($"damaged file: {history}:2:", result.Error);
    }

    [Fact]
    public async Task Unknown_command_is_a_usage_error_exit_2()
    {
        var result = await Irlexec.RunAsync("frobnicate", "--root", _root.Path);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("frobnicate", result.Error);
    }

    [Fact]
    public async Task Run_stopped_before_the_execution_is_created_says_nothing_was_recorded_and_records_nothing()
    {
        var result = await Irlexec.RunAsync(["run", "deploy", "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "version=1.0.0", "--var", "environment=staging"],
            new CancellationToken(true));

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Contains("cancelled: stopped before the execution was created; nothing was recorded.", result.Error);
        Assert.DoesNotContain("Exception", result.ToString());
        Assert.Empty(Directory.EnumerateFiles(_root.Path, "*.history.jsonl", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Resume_stopped_before_it_begins_says_the_execution_is_as_it_was_and_leaves_its_history()
    {
        var id = await Samples.StartPausedDeployAsync(_root);
        var history = File.ReadAllText(_root.Layout.HistoryFile(id));

        var result = await Irlexec.RunAsync(["resume", id, "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "approved_by=samson"], new CancellationToken(true));

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Contains($"cancelled: stopped before the resume began; nothing was recorded, execution {id} is as it was.", result.Error);
        Assert.Equal(history, File.ReadAllText(_root.Layout.HistoryFile(id)));
    }

    [Fact]
    public async Task Run_without_a_required_variable_is_a_usage_error_naming_it()
    {
        var result = await Irlexec.RunAsync("run", "deploy", "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "version=1.0.0");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("needs the variable(s) 'environment'", result.Error);
    }

    [Fact]
    public async Task Missing_workflow_assembly_exits_7()
    {
        var result = await Irlexec.RunAsync("run", "deploy", "--root", _root.Path, "--assembly", _root["nothing.dll"]);

        Assert.Equal(ExitCodes.AssemblyProblem, result.ExitCode);
        Assert.Contains("does not exist (--assembly)", result.Error);
    }

    [Fact]
    public async Task Assembly_without_workflows_exits_7()
    {
        // The CLI's own assembly declares no [Workflow] classes.
        var result = await Irlexec.RunAsync("run", "deploy", "--root", _root.Path, "--assembly", typeof(CliApp).Assembly.Location);

        Assert.Equal(ExitCodes.AssemblyProblem, result.ExitCode);
        Assert.Contains("declares no workflows", result.Error);
    }

    [Fact]
    public async Task Unknown_workflow_name_exits_4_and_lists_the_declared_ones()
    {
        var result = await Irlexec.RunAsync("run", "deplyo", "--root", _root.Path, "--assembly", Samples.Deploy);

        Assert.Equal(ExitCodes.UnknownId, result.ExitCode);
        Assert.Contains("No workflow 'deplyo'", result.Error);
        Assert.Contains("it declares: deploy", result.Error);
    }

    [Fact]
    public async Task Json_error_is_an_object_with_exit_code_kind_and_message()
    {
        await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("status", "exec_unknown", "--root", _root.Path, "--json");

        var error = result.Json().GetProperty("error");
        Assert.Equal(ExitCodes.UnknownId, error.GetProperty("exit_code").GetInt32());
        Assert.Equal("unknown_id", error.GetProperty("kind").GetString());
        Assert.Contains("exec_unknown", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Var_that_is_not_json_for_a_non_string_variable_is_a_usage_error()
    {
        var result = await Irlexec.RunAsync("run", "incident-approval", "--root", _root.Path, "--assembly", Samples.IncidentApproval,
            "--var", "integration=finance_integration", "--var", "daily_cap=ten");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--var daily_cap: the variable is of type int, so its value must be JSON", result.Error);
        Assert.False(Directory.Exists(_root.Layout.StateDirectory));
    }

    [Fact]
    public async Task List_shows_a_damaged_history_as_DAMAGED_lists_the_rest_and_exits_5()
    {
        var damaged = await Samples.StartPausedDeployAsync(_root);
        var healthy = await Samples.StartPausedDeployAsync(_root, version: "2.0.0");
        File.WriteAllText(_root.Layout.HistoryFile(damaged), "not a history\nat all\n");

        var result = await Irlexec.RunAsync("list", "--root", _root.Path, "--json");

        Assert.Equal(ExitCodes.DamagedFile, result.ExitCode);
        var rows = result.Json().GetProperty("executions").EnumerateArray().ToDictionary(e => e.GetProperty("execution_id").GetString()!);
        Assert.Equal("DAMAGED", rows[damaged].GetProperty("status").GetString());
        Assert.Contains(_root.Layout.HistoryFile(damaged) + ":1:", rows[damaged].GetProperty("error").GetString());
        Assert.Equal("PAUSED", rows[healthy].GetProperty("status").GetString());
    }
}

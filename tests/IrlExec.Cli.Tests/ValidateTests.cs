using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>validate parses every state, result, log and markdown file and reports problems by file and line.</summary>
public sealed class ValidateTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_root_written_by_runs_is_valid_and_exits_0()
    {
        await Samples.CompletedDeployAsync(_root);
        await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("validate", "--root", _root.Path, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var json = result.Json();
        Assert.True(json.GetProperty("valid").GetBoolean());
        // 2 histories, 2 snapshots, 2 markdown copies, the workspace markdown, 2 logs, 1 result, the active list, the manifest.
        Assert.Equal(12, json.GetProperty("files_checked").GetInt32());
        Assert.Empty(json.GetProperty("problems").EnumerateArray());
    }

    [Fact]
    public async Task Damaged_snapshot_is_reported_with_file_and_line_and_exit_5()
    {
        var id = await Samples.StartPausedDeployAsync(_root);
        var snapshot = _root.Layout.SnapshotFile(id);
        File.WriteAllText(snapshot, "{\n  \"execution_id\": \"x\",\n  \"status\": \n}\n");

        var result = await Irlexec.RunAsync("validate", "--root", _root.Path, "--json");

        Assert.Equal(ExitCodes.DamagedFile, result.ExitCode);
        var problem = Assert.Single(result.Json().GetProperty("problems").EnumerateArray());
        Assert.Equal(snapshot, problem.GetProperty("file").GetString());
        Assert.Equal(4, problem.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task A_damaged_state_snapshots_data_line_of_the_manifest_is_reported_with_its_line_and_exit_5()
    {
        await Samples.CompletedDeployAsync(_root);
        var lines = File.ReadAllLines(_root.Layout.ManifestFile);
        var data = Array.FindIndex(lines, l => l.StartsWith("<!-- irlexec:snapshot:data ", StringComparison.Ordinal));
        Assert.True(data >= 0, "the README of a root has a State Snapshots data line after a finished run");
        lines[data] = lines[data].Replace("\"workflows\":[", "\"workflows\":{", StringComparison.Ordinal);
        File.WriteAllLines(_root.Layout.ManifestFile, lines);

        var result = await Irlexec.RunAsync("validate", "--root", _root.Path, "--json");

        Assert.Equal(ExitCodes.DamagedFile, result.ExitCode);
        var problem = Assert.Single(result.Json().GetProperty("problems").EnumerateArray());
        Assert.Equal(_root.Layout.ManifestFile, problem.GetProperty("file").GetString());
        Assert.Equal(data + 1, problem.GetProperty("line").GetInt32());
        Assert.Contains("State Snapshots data line is damaged", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_line_not_in_the_log_format_is_reported_as_file_colon_line()
    {
        var id = await Samples.StartPausedDeployAsync(_root);
        var status = (await Irlexec.RunAsync("status", id, "--root", _root.Path, "--json")).Json();
        var log = status.GetProperty("files").GetProperty("log").GetString()!;
        var lineCount = File.ReadAllLines(log).Length;
        File.AppendAllText(log, "deploy went fine, trust me\n");

        var result = await Irlexec.RunAsync("validate", "--root", _root.Path);

        Assert.Equal(ExitCodes.DamagedFile, result.ExitCode);
        Assert.Contains($"{log}:{lineCount + 1}: expected '[TIMESTAMP] [LEVEL] [WORKFLOW] [STEP] Message'", result.Out);
        Assert.Contains("1 damaged", result.Out);
    }

    [Fact]
    public async Task Damaged_markdown_copy_is_reported_and_the_other_files_still_checked()
    {
        var id = await Samples.StartPausedDeployAsync(_root);
        File.WriteAllText(_root.Layout.MarkdownFile(id), "# Execution State: x\n\n## Metadata\n- **status**: SOMEWHERE_ELSE\n");

        var result = await Irlexec.RunAsync("validate", "--root", _root.Path, "--json");

        Assert.Equal(ExitCodes.DamagedFile, result.ExitCode);
        var problem = Assert.Single(result.Json().GetProperty("problems").EnumerateArray());
        Assert.Equal(_root.Layout.MarkdownFile(id), problem.GetProperty("file").GetString());
        Assert.True(problem.GetProperty("line").GetInt32() > 0);
    }

    [Fact]
    public async Task A_workflows_own_state_file_must_be_valid_json()
    {
        await Samples.StartPausedDeployAsync(_root);
        var own = Path.Combine(_root.Layout.StateDirectory, "quarantine-state.json");
        File.WriteAllText(own, "{\n  \"total\": 3,\n  oops\n}");

        var result = await Irlexec.RunAsync("validate", "--root", _root.Path, "--json");

        var problem = Assert.Single(result.Json().GetProperty("problems").EnumerateArray());
        Assert.Equal(own, problem.GetProperty("file").GetString());
        Assert.Equal(3, problem.GetProperty("line").GetInt32());
    }
}

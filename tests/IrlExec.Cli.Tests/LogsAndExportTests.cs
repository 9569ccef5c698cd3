using System.Text.Json;
using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>logs, export-training and manifest refresh over the files real runs wrote.</summary>
public sealed class LogsAndExportTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Logs_level_warn_shows_only_warnings_and_errors()
    {
        await Samples.StartPausedDeployAsync(_root, version: "7.0.0");

        var result = await Irlexec.RunAsync("logs", "--root", _root.Path, "--level", "WARN");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(@"^\[[^\]]+\] \[(WARN|ERROR)\] \[deploy\] ", l));
        Assert.Contains(lines, l => l.Contains("Release 7.0.0 to staging waits for approval", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_of_one_workflow_leave_out_the_others()
    {
        await Samples.StartPausedDeployAsync(_root);
        Directory.CreateDirectory(_root.Layout.LogsDirectory);
        File.WriteAllText(Path.Combine(_root.Layout.LogsDirectory, "health-check-2026-02-08-001.log"),
            "[2026-02-08T00:47:25Z] [INFO] [health-check] [quarantine] 12 incidents waiting\n");

        var deploy = await Irlexec.RunAsync("logs", "deploy", "--root", _root.Path, "--json");
        var health = await Irlexec.RunAsync("logs", "health-check", "--root", _root.Path, "--json");

        Assert.All(deploy.Json().EnumerateArray(), e => Assert.Equal("deploy", e.GetProperty("workflow").GetString()));
        var only = Assert.Single(health.Json().EnumerateArray());
        Assert.Equal("12 incidents waiting", only.GetProperty("message").GetString());
        Assert.Equal(1, only.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Within_one_second_the_run_log_comes_before_an_audit_log_and_each_file_keeps_its_order()
    {
        Directory.CreateDirectory(_root.Layout.LogsDirectory);
        File.WriteAllText(Path.Combine(_root.Layout.LogsDirectory, "agent-approvals-2026-02-08.log"),
            "[2026-02-08T00:47:25Z] [INFO] [incident-approval] [apply] agent-auto-approver approved a\n" +
            "[2026-02-08T00:47:25Z] [INFO] [incident-approval] [apply] agent-auto-approver approved b\n");
        File.WriteAllText(Path.Combine(_root.Layout.LogsDirectory, "incident-approval-2026-02-08-001.log"),
            "[2026-02-08T00:47:24Z] [INFO] [incident-approval] [list] listed\n" +
            "[2026-02-08T00:47:25Z] [INFO] [incident-approval] [start] Execution started\n" +
            "[2026-02-08T00:47:25Z] [INFO] [incident-approval] [apply] applying\n");

        var result = await Irlexec.RunAsync("logs", "--root", _root.Path);

        var messages = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.LastIndexOf(']') + 2)..]).ToList();
        Assert.Equal(["listed", "Execution started", "applying", "agent-auto-approver approved a", "agent-auto-approver approved b"], messages);
    }

    [Fact]
    public async Task Logs_report_a_line_not_in_the_format_and_still_show_the_rest()
    {
        Directory.CreateDirectory(_root.Layout.LogsDirectory);
        var log = Path.Combine(_root.Layout.LogsDirectory, "deploy-2026-02-08-001.log");
        File.WriteAllText(log, "[2026-02-08T00:47:25Z] [INFO] [deploy] [build] built\n\nnot a log line\n[2026-02-08T00:47:26Z] [INFO] [deploy] [release] released\n");

        var result = await Irlexec.RunAsync("logs", "--root", _root.Path);

        Assert.Equal(ExitCodes.DamagedFile, result.ExitCode);
        Assert.Contains($"{log}:3:", result.Error);
        Assert.Contains("built", result.Out);
        Assert.Contains("released", result.Out);
    }

    [Fact]
    public async Task Logs_follow_prints_lines_written_after_it_started_until_cancelled()
    {
        Directory.CreateDirectory(_root.Layout.LogsDirectory);
        var log = Path.Combine(_root.Layout.LogsDirectory, "deploy-2026-02-08-001.log");
        File.WriteAllText(log, "[2026-02-08T00:47:25Z] [INFO] [deploy] [build] first\n");
        var output = new SharedWriter();
        using var stop = new CancellationTokenSource();

        var following = Irlexec.RunAsync(["logs", "--root", _root.Path, "--follow"], stop.Token, output);
        await WaitFor(() => output.ToString().Contains("first", StringComparison.Ordinal));
        File.AppendAllText(log, "[2026-02-08T00:47:30Z] [WARN] [deploy] [release] second\n");
        await WaitFor(() => output.ToString().Contains("second", StringComparison.Ordinal));
        await stop.CancelAsync();
        var result = await following;

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(
            ["[2026-02-08T00:47:25Z] [INFO] [deploy] [build] first", "[2026-02-08T00:47:30Z] [WARN] [deploy] [release] second"],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Logs_follow_shows_the_line_a_long_step_of_another_process_logged_while_that_step_still_runs()
    {
        // HelloPipeline's first step waits 15 s, logs "Gathered 3 names for world", then waits 15 s more: the follower (a
        // second process, started once the run has begun) must show the line in that time, which a loaded machine
        // stretches (two processes' start-up, the in-step commit, the polling of the log).
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Paths.SampleDll("HelloPipeline"), "run", "--root", _root.Path, "--delay-ms", "30000" }) info.ArgumentList.Add(argument);
        using var pipeline = System.Diagnostics.Process.Start(info)!;
        var output = new SharedWriter();
        using var stop = new CancellationTokenSource();
        try
        {
            await WaitFor(() => Directory.Exists(_root.Layout.LogsDirectory)); // the run has started
            var following = Irlexec.RunAsync(["logs", "hello-pipeline", "--root", _root.Path, "--follow"], stop.Token, output);
            await WaitFor(() => output.ToString().Contains("Gathered 3 names for world", StringComparison.Ordinal));
            var shown = output.ToString();
            await stop.CancelAsync();
            await following;

            Assert.Contains("[hello-pipeline] [gather] Step 1 started (attempt 1)", shown);
            Assert.DoesNotContain("Step 1 completed", shown);
        }
        finally
        {
            pipeline.Kill(entireProcessTree: true);
            await pipeline.WaitForExitAsync();
        }
    }

    // Waits for output from the command running concurrently; the limit only stops a broken test from hanging.
    private static async Task WaitFor(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!condition())
        {
            await Task.Delay(20, limit.Token);
        }
    }

    [Fact]
    public async Task Export_training_writes_one_jsonl_line_per_real_execution()
    {
        var finished = await Samples.CompletedDeployAsync(_root);
        await Irlexec.RunAsync("simulate", "deploy", "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "version=1", "--var", "environment=qa");
        var file = _root["training.jsonl"];

        var result = await Irlexec.RunAsync("export-training", "--root", _root.Path, "--output", file, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(1, result.Json().GetProperty("examples").GetInt32());
        var line = Assert.Single(File.ReadAllLines(file));
        Assert.Equal(finished, JsonDocument.Parse(line).RootElement.GetProperty("execution_id").GetString());
    }

    [Fact]
    public async Task Export_training_without_output_writes_jsonl_to_stdout()
    {
        await Samples.CompletedDeployAsync(_root);

        var result = await Irlexec.RunAsync("export-training", "--root", _root.Path);

        var line = Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("deploy", JsonDocument.Parse(line).RootElement.GetProperty("workflow").GetString());
    }

    [Fact]
    public async Task Manifest_refresh_rebuilds_the_tables_of_a_lost_readme()
    {
        await Samples.CompletedDeployAsync(_root);
        File.Delete(_root.Layout.ManifestFile);

        var result = await Irlexec.RunAsync("manifest", "refresh", "--root", _root.Path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("1 execution(s) placed", result.Out);
        var tables = ExecutionManifest.Read(_root.Layout.ManifestFile);
        var row = Assert.Single(tables.Completed);
        Assert.Equal("deploy", row.Workflow);
        Assert.Equal(ExecutionManifest.Complete, row.Status);
    }
}

using System.Text.Json;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

public class FileSystemRunTests
{
    private static WorkflowDefinition TwoSteps(string name = "files") => TestWorkflow.Create(name,
        StepSpec.Sync("produce", (c, o) => { c.Log("producing"); o["item"] = "item of " + c.ExecutionId; }) with { Outputs = ["item"] },
        StepSpec.Sync("consume", (c, o) => o["done"] = c.Variables.GetString("item")) with { Inputs = [("item", "{{item}}")], Outputs = ["done"] });

    [Fact]
    public async Task A_run_writes_history_snapshot_result_and_an_empty_active_list()
    {
        using var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(TwoSteps());
        var layout = root.Layout;

        Assert.True(File.Exists(layout.HistoryFile(result.ExecutionId)));
        var snapshot = SnapshotWriter.Read(layout.SnapshotFile(result.ExecutionId));
        Assert.Equal(ExecutionStatus.CompletedSuccess, snapshot.Status);
        var outcome = ResultWriter.Read(layout.ResultFile("files", result.State.RunLabel));
        Assert.Equal(result.ExecutionId, outcome.ExecutionId);
        Assert.Equal("item of " + result.ExecutionId, outcome.Variables["done"].GetString());
        Assert.Empty(ActiveWorkflowsWriter.Read(layout.ActiveWorkflowsFile)!.Workflows);
    }

    [Fact]
    public async Task A_paused_execution_is_listed_as_active_with_its_log_file()
    {
        using var root = new TempRoot();
        var workflow = TestWorkflow.Create("waits", StepSpec.Sync("a", (c, _) => c.Pause("approval")));
        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow, options: new RunOptions { Actor = "agent-auto-approver" });

        var entry = Assert.Single(ActiveWorkflowsWriter.Read(root.Layout.ActiveWorkflowsFile)!.Workflows);

        Assert.Equal(result.ExecutionId, entry.ExecutionId);
        Assert.Equal(ExecutionStatus.Paused, entry.Status);
        Assert.Equal($"logs/{result.State.RunLabel}.log", entry.LogFile);
        Assert.Equal("agent-auto-approver", entry.Actor);
    }

    [Fact]
    public async Task The_active_list_is_rewritten_when_the_status_changes_not_at_every_step()
    {
        using var root = new TempRoot();
        var layout = root.Layout;
        var seenDuringSteps = new List<byte[]>();
        var step = 0;
        var workflow = TestWorkflow.Create("quiet-list", Enumerable.Range(1, 4).Select(i => StepSpec.Sync("s" + i, (c, _) =>
        {
            // The start is shown in the background: the first step waits until it is.
            if (step == 0) FileWait.ReadTextWhen(layout.ActiveWorkflowsFile, _ => true);
            seenDuringSteps.Add(File.ReadAllBytes(layout.ActiveWorkflowsFile));
            if (++step == 4) c.Pause("approval");
        })).ToArray());

        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow);

        // Steps 1 to 4 all saw the list as the start left it; the pause at step 4 rewrote it.
        Assert.Equal(4, seenDuringSteps.Count);
        Assert.All(seenDuringSteps, bytes => Assert.Equal(seenDuringSteps[0], bytes));
        var entry = Assert.Single(ActiveWorkflowsWriter.Read(layout.ActiveWorkflowsFile)!.Workflows);
        Assert.Equal(ExecutionStatus.Paused, entry.Status);
        Assert.Equal(4, entry.CurrentStep);
        Assert.Equal(result.ExecutionId, entry.ExecutionId);
    }

    [Fact]
    public async Task Two_executions_of_one_workflow_at_once_keep_separate_files()
    {
        using var root = new TempRoot();
        var gate = new Barrier(2);
        var workflow = TestWorkflow.Create("twins",
            StepSpec.Sync("meet", (_, _) => gate.SignalAndWait(TimeSpan.FromSeconds(30))),
            StepSpec.Sync("tag", (c, o) => o["owner"] = c.ExecutionId) with { Outputs = ["owner"] });
        var runner = WorkflowRunner.ForDirectory(root.Path);

        var results = await Task.WhenAll(
            Task.Run(() => runner.RunAsync(workflow)),
            Task.Run(() => WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow)));

        Assert.NotEqual(results[0].ExecutionId, results[1].ExecutionId);
        Assert.NotEqual(results[0].State.RunLabel, results[1].State.RunLabel);
        foreach (var result in results)
        {
            var history = File.ReadAllLines(root.Layout.HistoryFile(result.ExecutionId));
            Assert.Contains(history, l => l.Contains($"\"execution_id\":\"{result.ExecutionId}\"", StringComparison.Ordinal));
            var other = results.Single(r => r != result).ExecutionId;
            Assert.DoesNotContain(history, l => l.Contains(other, StringComparison.Ordinal));
            var outcome = ResultWriter.Read(root.Layout.ResultFile("twins", result.State.RunLabel));
            Assert.Equal(result.ExecutionId, outcome.Variables["owner"].GetString());
        }
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData("")]
    public async Task An_execution_id_that_could_leave_the_root_is_refused(string id)
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(TwoSteps(), options: new RunOptions { ExecutionId = id }));

        Assert.Contains("execution id", error.Message);
        Assert.False(Directory.Exists(Path.Combine(root.Path, "execution", "state")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("Upper")]
    public void A_workflow_name_that_is_not_file_safe_is_refused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => TestWorkflow.Create(name, StepSpec.Sync("a", (_, _) => { })));
        Assert.Contains($"'{name}'", error.Message);
    }

    [Fact]
    public async Task Resume_of_an_id_with_a_path_separator_is_refused()
    {
        using var root = new TempRoot();
        await Assert.ThrowsAsync<ArgumentException>(() => WorkflowRunner.ForDirectory(root.Path).ResumeAsync(TwoSteps(), "../../etc/passwd"));
    }

    [Fact]
    public async Task A_secret_variable_never_reaches_a_file_and_must_be_given_again_on_resume()
    {
        using var root = new TempRoot();
        const string secret = "hunter2-very-secret-value";
        var workflow = TestWorkflow.Create("secretive",
            StepSpec.Sync("use", (c, _) =>
            {
                c.Log("calling the API with " + c.Variables.GetString("api_key"));
                if (!c.IsResumed) c.Pause("wait");
            }) with { Inputs = [("key", "{{api_key}}")] });
        var variables = new VariableStore();
        variables.Set("api_key", secret, isSecret: true);
        var runner = WorkflowRunner.ForDirectory(root.Path);
        var paused = await runner.RunAsync(workflow, variables);

        var leaks = Directory.EnumerateFiles(root.Path, "*", SearchOption.AllDirectories).Where(f => File.ReadAllText(f).Contains(secret, StringComparison.Ordinal)).ToList();
        Assert.Empty(leaks);

        var history = File.ReadAllText(root.Layout.HistoryFile(paused.ExecutionId));
        var withoutSecret = await Assert.ThrowsAsync<MissingSecretsException>(() => runner.ResumeAsync(workflow, paused.ExecutionId));
        Assert.Equal(["api_key"], withoutSecret.Names);
        Assert.Equal(history, File.ReadAllText(root.Layout.HistoryFile(paused.ExecutionId)));

        var again = new VariableStore();
        again.Set("api_key", secret, isSecret: true);
        var done = await runner.ResumeAsync(workflow, paused.ExecutionId, again);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.DoesNotContain(Directory.EnumerateFiles(root.Path, "*", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credential_looking_strings_in_logs_and_outputs_are_masked()
    {
        using var root = new TempRoot();
        const string key = "sk-abcdefghijklmnop1234";
        var workflow = TestWorkflow.Create("masked",
            StepSpec.Sync("leaky", (c, o) => { c.Log("using " + key); o["header"] = "Bearer abcdefghijklmnopqrstuv"; }) with { Outputs = ["header"] });

        await WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow);

        var all = string.Concat(Directory.EnumerateFiles(root.Path, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.DoesNotContain(key, all);
        Assert.DoesNotContain("abcdefghijklmnopqrstuv", all);
        Assert.Contains("Bearer ***", all);
    }

    [Fact]
    public async Task Atomic_writes_leave_no_temporary_files()
    {
        using var root = new TempRoot();
        await WorkflowRunner.ForDirectory(root.Path).RunAsync(TwoSteps());

        Assert.Empty(Directory.EnumerateFiles(root.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Run_labels_count_runs_of_a_workflow_per_day()
    {
        using var root = new TempRoot();
        var clock = new ManualClock(new DateTimeOffset(2026, 2, 8, 0, 45, 0, TimeSpan.Zero));
        var runner = WorkflowRunner.ForDirectory(root.Path, clock);

        var labels = new List<string>();
        for (var i = 0; i < 3; i++) labels.Add((await runner.RunAsync(TwoSteps("deploy"))).State.RunLabel);
        clock.Advance(TimeSpan.FromDays(1));
        labels.Add((await runner.RunAsync(TwoSteps("deploy"))).State.RunLabel);

        Assert.Equal(["deploy-2026-02-08-001", "deploy-2026-02-08-002", "deploy-2026-02-08-003", "deploy-2026-02-09-001"], labels);
        Assert.True(File.Exists(root.Layout.ResultFile("deploy", "deploy-2026-02-08-002")));
    }

    [Fact]
    public void A_damaged_snapshot_is_an_error_naming_file_and_line()
    {
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "bad.json");
        File.WriteAllText(path, "{\n  \"execution_id\": \"x\",\n  \"status\": \"SOMETHING\"\n}");

        var error = Assert.Throws<ExecutionDataException>(() => SnapshotWriter.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public async Task Result_json_holds_the_outcome_and_metrics()
    {
        using var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(TwoSteps());

        using var document = JsonDocument.Parse(File.ReadAllText(root.Layout.ResultFile("files", result.State.RunLabel)));
        var json = document.RootElement;

        Assert.Equal("COMPLETED_SUCCESS", json.GetProperty("status").GetString());
        Assert.Equal("EXECUTION", json.GetProperty("mode").GetString());
        Assert.EndsWith("Z", json.GetProperty("timestamp").GetString());
        Assert.Equal(2, json.GetProperty("metrics").GetProperty("steps_completed").GetInt32());
    }
}

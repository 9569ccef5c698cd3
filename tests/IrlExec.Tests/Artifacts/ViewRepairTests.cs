using IrlExec.Tests.Support;

namespace IrlExec.Tests.Artifacts;

/// <summary>
/// Every view is derived from the history: a view that could not be written, or that a crash left behind, is found by
/// <see cref="ViewRepair"/> and rebuilt from the history; a view that shows more than the history proves records are
/// missing from it, and is kept as evidence.
/// </summary>
public sealed class ViewRepairTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private ExecutionLayout Layout => _root.Layout;

    private static WorkflowDefinition Steps(string name, int count) =>
        TestWorkflow.Create(name, Enumerable.Range(1, count).Select(i => StepSpec.Sync("s" + i, (c, o) => o["out" + i] = "value " + i) with { Outputs = ["out" + i] }).ToArray());

    private static WorkflowDefinition Pausing(string name) =>
        TestWorkflow.Create(name,
            StepSpec.Sync("first", (_, _) => { }),
            StepSpec.Sync("approve", (c, _) => { if (!c.Variables.Contains("approved")) c.Pause("waiting for approval"); }));

    // A run whose result cannot be written: a file stands where the results folder should be.
    private async Task<ExecutionResult> RunWithResultsBlockedAsync(WorkflowDefinition workflow)
    {
        Directory.CreateDirectory(Layout.ExecutionDirectory);
        File.WriteAllText(Layout.ResultsDirectory, "not a folder");
        return await WorkflowRunner.ForDirectory(_root.Path).RunAsync(workflow);
    }

    [Fact]
    public async Task A_workflows_own_json_file_in_the_state_folder_is_not_checked_or_locked_as_an_execution()
    {
        // The seed's health check keeps quarantine-state.json and approval-metrics.json next to the executions' files.
        var run = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Steps("beside", 1));
        File.WriteAllText(Path.Combine(Layout.StateDirectory, "quarantine-state.json"), "{\"total\": 3, \"incidents\": []}");

        var checkedReport = new ViewRepair(Layout).Check();
        var repaired = new ViewRepair(Layout).Repair();

        Assert.Equal(1, checkedReport.ExecutionsChecked);
        Assert.Equal(1, repaired.ExecutionsChecked);
        Assert.Empty(repaired.Findings);
        Assert.Equal(ExecutionStatus.CompletedSuccess, run.Status);
        Assert.False(File.Exists(Path.Combine(Layout.StateDirectory, "quarantine-state.lock")), "no lease taken on a file that is no execution");
        Assert.Equal("{\"total\": 3, \"incidents\": []}", File.ReadAllText(Path.Combine(Layout.StateDirectory, "quarantine-state.json")));
    }

    [Fact]
    public async Task A_run_whose_result_cannot_be_written_completes_and_names_the_file()
    {
        var result = await RunWithResultsBlockedAsync(Steps("blocked", 3));

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        var problem = Assert.Single(result.ViewProblems);
        Assert.Equal(nameof(ResultWriter), problem.View);
        Assert.Equal(Layout.ResultFile("blocked", result.State.RunLabel), problem.File);
        Assert.False(problem.Repaired);
        // The execution stays listed as active: its views may lag until they are repaired.
        Assert.Contains(ActiveWorkflowsWriter.Read(Layout.ActiveWorkflowsFile)!.Workflows, w => w.ExecutionId == result.ExecutionId);
    }

    [Fact]
    public async Task A_result_left_empty_by_a_power_cut_is_rebuilt_from_the_history()
    {
        // The result is a view, not flushed to disk: after a power cut its name may hold no bytes.
        var run = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Steps("cut", 2));
        var file = Layout.ResultFile("cut", run.State.RunLabel);
        var written = File.ReadAllBytes(file);
        File.WriteAllBytes(file, []);

        var repaired = new ViewRepair(Layout).Repair();

        Assert.Contains(repaired.Findings, f => f.View == ViewKind.Result && f.File == file && f.Repaired);
        Assert.Equal(written, File.ReadAllBytes(file));
        Assert.Empty(new ViewRepair(Layout).Check().Findings);
    }

    [Fact]
    public async Task The_active_list_names_an_execution_before_its_history_says_it_finished()
    {
        // The active list marks the executions whose views may lag: a process killed right after the completion record
        // must leave the execution in it, even when the background views had not shown the execution's start yet (held
        // up here by the list's lock while the steps run).
        var store = new FinishWatchingStore(new FileSystemExecutionStore(Layout), Layout);
        var runner = new WorkflowRunner(store, StandardObservers.For(Layout));
        Directory.CreateDirectory(Layout.ActiveDirectory);
        Task<ExecutionResult> run;
        using (CrossProcessLock.Acquire(Layout.ActiveWorkflowsFile + ".lock", TimeSpan.FromSeconds(5)))
        {
            run = Task.Run(() => runner.RunAsync(Steps("marked", 3)));
            await Task.WhenAny(store.Finishing.Task, Task.Delay(TimeSpan.FromMilliseconds(500)));
        }
        var result = await run;

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(await store.Finishing.Task, "the completion record reached the history before the active list named the execution");
        Assert.DoesNotContain(ActiveWorkflowsWriter.Read(Layout.ActiveWorkflowsFile)?.Workflows ?? [], w => w.ExecutionId == result.ExecutionId);
    }

    // Notes, when a record that finishes an execution is appended, whether the active list names the execution then.
    private sealed class FinishWatchingStore(FileSystemExecutionStore inner, ExecutionLayout layout) : DelegatingStore(inner)
    {
        public TaskCompletionSource<bool> Finishing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken)
        {
            if (records.Any(r => r.Kind == ExecutionEventKind.StatusChanged && r.Status is ExecutionStatus.CompletedSuccess or ExecutionStatus.CompletedFailure))
            {
                var listed = ActiveWorkflowsWriter.Read(layout.ActiveWorkflowsFile)?.Workflows.Any(w => w.ExecutionId == executionId) ?? false;
                Finishing.TrySetResult(listed);
            }
            return Inner.AppendAsync(executionId, records, flushToDisk, cancellationToken);
        }
    }

    [Fact]
    public async Task Check_reports_the_views_a_failed_write_left_behind_and_Repair_rebuilds_them()
    {
        var result = await RunWithResultsBlockedAsync(Steps("blocked", 3));
        File.Delete(Layout.ResultsDirectory);
        var repair = new ViewRepair(Layout);

        var before = repair.Check();
        var repaired = repair.Repair();
        var after = repair.Check();

        Assert.Contains(before.Findings, f => f.View == ViewKind.Result && f.Condition == ViewCondition.Lagging);
        Assert.Contains(before.Findings, f => f.View == ViewKind.ActiveList && f.Condition == ViewCondition.Lagging);
        Assert.False(before.Consistent);
        Assert.True(repaired.Consistent, string.Join("\n", repaired.Outstanding));
        Assert.Empty(after.Findings);
        Assert.Equal(ExecutionStatus.CompletedSuccess, ResultWriter.Read(Layout.ResultFile("blocked", result.State.RunLabel)).Status);
        Assert.DoesNotContain(ActiveWorkflowsWriter.Read(Layout.ActiveWorkflowsFile)!.Workflows, w => w.ExecutionId == result.ExecutionId);
        Assert.Contains(ExecutionManifest.Read(Layout.ManifestFile).Completed, r => r.Status == ExecutionManifest.Complete);
    }

    [Fact]
    public async Task The_next_runner_to_open_the_root_rebuilds_the_views_of_finished_executions_still_listed_as_active()
    {
        var blocked = await RunWithResultsBlockedAsync(Steps("blocked", 2));
        File.Delete(Layout.ResultsDirectory);

        var next = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Steps("other", 1));

        Assert.True(File.Exists(Layout.ResultFile("blocked", blocked.State.RunLabel)));
        Assert.Contains(next.ViewProblems, p => p.Repaired && p.Message.Contains(blocked.ExecutionId, StringComparison.Ordinal));
        Assert.Empty(ActiveWorkflowsWriter.Read(Layout.ActiveWorkflowsFile)!.Workflows);
        Assert.True(new ViewRepair(Layout).Check().Consistent);
    }

    [Fact]
    public async Task Resuming_a_finished_execution_whose_views_lag_rewrites_them_and_runs_nothing()
    {
        var ran = 0;
        var workflow = TestWorkflow.Create("counted", StepSpec.Sync("only", (_, _) => ran++));
        var first = await RunWithResultsBlockedAsync(workflow);
        File.Delete(Layout.ResultsDirectory);

        var resumed = await WorkflowRunner.ForDirectory(_root.Path).ResumeAsync(workflow, first.ExecutionId);

        Assert.Equal(1, ran);
        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
        Assert.Contains(Layout.ResultFile("counted", first.State.RunLabel), resumed.RepairedViews);
        Assert.True(new ViewRepair(Layout).Check().Consistent);
    }

    [Fact]
    public async Task Resuming_a_finished_execution_whose_views_agree_is_still_refused()
    {
        var workflow = Steps("done", 1);
        var first = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(workflow);

        var error = await Assert.ThrowsAsync<WorkflowException>(() => WorkflowRunner.ForDirectory(_root.Path).ResumeAsync(workflow, first.ExecutionId));

        Assert.Contains("a finished execution's history is immutable", error.Message);
    }

    [Fact]
    public async Task A_history_that_lost_its_last_records_is_refused_for_resume_and_its_views_are_kept()
    {
        var ran = new List<int>();
        var workflow = TestWorkflow.Create("truncated", Enumerable.Range(1, 4).Select(i => StepSpec.Sync("s" + i, (_, _) => ran.Add(i))).ToArray());
        var first = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(workflow);
        var history = Layout.HistoryFile(first.ExecutionId);
        var lines = File.ReadAllLines(history);
        // Whole lines lost at the end: from the second step's completion on.
        var cut = Array.FindIndex(lines, l => l.Contains("\"kind\":\"StepCompleted\",\"step\":2,", StringComparison.Ordinal));
        File.WriteAllLines(history, lines[..cut]);
        var snapshot = File.ReadAllBytes(Layout.SnapshotFile(first.ExecutionId));
        ran.Clear();

        var error = await Assert.ThrowsAsync<ExecutionDataException>(() => WorkflowRunner.ForDirectory(_root.Path).ResumeAsync(workflow, first.ExecutionId));
        var check = new ViewRepair(Layout).Check();
        var repair = new ViewRepair(Layout).Repair();

        Assert.Empty(ran);
        Assert.Equal(history, error.FilePath);
        Assert.Contains("records are missing from the history", error.Message);
        Assert.Contains("steps 2, 3, 4 completed", error.Message);
        Assert.Contains(Layout.SnapshotFile(first.ExecutionId), error.Message);
        Assert.Equal(ViewCondition.HistoryBehind, Assert.Single(check.Findings).Condition);
        Assert.False(repair.Consistent);
        Assert.Equal(snapshot, File.ReadAllBytes(Layout.SnapshotFile(first.ExecutionId)));
    }

    [Fact]
    public async Task A_damaged_active_list_does_not_stop_a_run_it_is_set_aside_and_rebuilt_from_the_histories()
    {
        var paused = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Pausing("waits"));
        File.WriteAllText(Layout.ActiveWorkflowsFile, "{ \"workflows\": [ {");

        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Steps("after", 2));

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        var problem = Assert.Single(result.ViewProblems, p => p.File == Layout.ActiveWorkflowsFile);
        Assert.True(problem.Repaired);
        var copy = Assert.Single(Directory.GetFiles(Layout.ActiveDirectory, "workflows.json.damaged-*"));
        Assert.Equal("{ \"workflows\": [ {", File.ReadAllText(copy));
        Assert.Equal([paused.ExecutionId], ActiveWorkflowsWriter.Read(Layout.ActiveWorkflowsFile)!.Workflows.Select(w => w.ExecutionId));
    }

    [Fact]
    public async Task A_manifest_that_is_not_utf8_does_not_stop_a_run_it_is_kept_beside_the_rebuilt_one()
    {
        var earlier = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Steps("earlier", 1));
        byte[] latin1 = [.. System.Text.Encoding.ASCII.GetBytes("# Caf"), 0xE9, (byte)'\n'];
        File.WriteAllBytes(Layout.ManifestFile, latin1);

        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Steps("later", 1));

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(Assert.Single(result.ViewProblems, p => p.File == Layout.ManifestFile).Repaired);
        Assert.Equal(latin1, File.ReadAllBytes(Assert.Single(Directory.GetFiles(Layout.ExecutionDirectory, "README.md.damaged-*"))));
        var completed = ExecutionManifest.Read(Layout.ManifestFile).Completed;
        Assert.Contains(completed, r => r.Workflow == "earlier");
        Assert.Contains(completed, r => r.Workflow == "later");
        Assert.True(new ViewRepair(Layout).Check().Consistent, earlier.ExecutionId);
    }

    [Fact]
    public async Task Repair_appends_the_lines_a_log_lacks_and_rewrites_a_snapshot_that_lags()
    {
        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Steps("lagging", 3));
        var log = Layout.LogFile(result.State.RunLabel);
        var full = File.ReadAllText(log);
        var lines = full.Split('\n');
        File.WriteAllText(log, string.Join('\n', lines[..4]) + "\n" + lines[4][..10]); // 4 lines and a torn fifth
        var snapshot = Layout.SnapshotFile(result.ExecutionId);
        var early = ExecutionStateProjector.Replay((await WorkflowRunner.ForDirectory(_root.Path).Store.ReadAsync(result.ExecutionId, default))!.Take(5));
        early.ExecutionId = result.ExecutionId;
        File.WriteAllText(snapshot, System.Text.Json.JsonSerializer.Serialize(early, IrlExec.Internal.IndentedJsonContext.Default.ExecutionState));

        var check = new ViewRepair(Layout).Check();
        new ViewRepair(Layout).Repair();

        Assert.Contains(check.Findings, f => f.View == ViewKind.Log && f.Condition == ViewCondition.Lagging);
        Assert.Contains(check.Findings, f => f.View == ViewKind.Snapshot && f.Condition == ViewCondition.Lagging);
        Assert.Equal(full, File.ReadAllText(log));
        Assert.Equal(ExecutionStatus.CompletedSuccess, SnapshotWriter.Read(snapshot).Status);
        Assert.True(new ViewRepair(Layout).Check().Consistent);
    }

    [Fact]
    public async Task A_damaged_snapshot_is_set_aside_and_rebuilt()
    {
        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Pausing("damaged-view"));
        var snapshot = Layout.SnapshotFile(result.ExecutionId);
        File.WriteAllText(snapshot, "{ \"execution_id\": ");

        var report = new ViewRepair(Layout).Repair();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(ViewCondition.Damaged, finding.Condition);
        Assert.True(finding.Repaired);
        Assert.Equal("{ \"execution_id\": ", File.ReadAllText(finding.SetAsideCopy!));
        Assert.Equal(ExecutionStatus.Paused, SnapshotWriter.Read(snapshot).Status);
    }

    [Fact]
    public async Task Text_appended_after_the_end_of_the_workspace_markdown_is_reported()
    {
        await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Steps("appended", 1));
        var lines = File.ReadAllLines(Layout.WorkspaceStateFile).Length;
        File.AppendAllText(Layout.WorkspaceStateFile, "\nnotes I added by hand\n");

        var finding = Assert.Single(new ViewRepair(Layout).Check().Findings);

        Assert.Equal(ViewKind.WorkspaceMarkdown, finding.View);
        Assert.Equal(ViewCondition.Damaged, finding.Condition);
        Assert.Equal(lines + 1, finding.Line);
        Assert.Contains("text after the end ('notes I added by hand')", finding.Message);
    }

    [Fact]
    public async Task A_torn_last_history_line_is_a_warning()
    {
        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Pausing("torn"));
        File.AppendAllText(Layout.HistoryFile(result.ExecutionId), "{\"sequence\":99,\"timest");

        var report = new ViewRepair(Layout).Check();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(ViewCondition.TornTail, finding.Condition);
        Assert.True(finding.IsWarning);
        Assert.True(report.Consistent);
    }

    [Fact]
    public async Task An_execution_a_runner_holds_is_left_to_it()
    {
        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Pausing("held"));
        File.Delete(Layout.SnapshotFile(result.ExecutionId));
        using var store = new FileSystemExecutionStore(Layout);
        await using var lease = await store.AcquireLeaseAsync(result.ExecutionId, default);

        var report = new ViewRepair(Layout).Repair();

        Assert.Equal([result.ExecutionId], report.Running);
        Assert.Empty(report.Findings);
        Assert.False(File.Exists(Layout.SnapshotFile(result.ExecutionId)));
    }

    [Fact]
    public void Repair_removes_temporary_files_of_interrupted_atomic_writes_once_they_are_stale()
    {
        Directory.CreateDirectory(Layout.StateDirectory);
        var stale = Path.Combine(Layout.StateDirectory, ".exec_a.json.0123456789ab.tmp");
        var fresh = Path.Combine(Layout.StateDirectory, ".exec_b.json.ba9876543210.tmp");
        var other = Path.Combine(Layout.StateDirectory, ".notes.tmp");
        foreach (var file in new[] { stale, fresh, other }) File.WriteAllText(file, "{");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - ViewRepair.StaleTemporaryAge - TimeSpan.FromMinutes(1));
        File.SetLastWriteTimeUtc(other, DateTime.UtcNow - TimeSpan.FromDays(1));

        new ViewRepair(Layout).Repair();

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public async Task An_empty_history_is_damage_naming_the_file_not_an_unknown_execution()
    {
        Directory.CreateDirectory(Layout.StateDirectory);
        File.WriteAllBytes(Layout.HistoryFile("exec_empty"), []);
        using var store = new FileSystemExecutionStore(Layout);

        var error = await Assert.ThrowsAsync<ExecutionDataException>(() => store.ReadAsync("exec_empty", default).AsTask());

        Assert.Equal(Layout.HistoryFile("exec_empty"), error.FilePath);
        Assert.Contains("the history is empty (0 bytes)", error.Message);
        Assert.Equal(ViewCondition.HistoryDamaged, Assert.Single(new ViewRepair(Layout).Check().Findings).Condition);
    }

    [Fact]
    public async Task A_new_history_appears_with_its_first_records_never_empty()
    {
        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Steps("created", 1));

        Assert.Empty(Directory.GetFiles(Layout.StateDirectory, ".*.tmp"));
        Assert.StartsWith("{\"sequence\":1,", File.ReadAllText(Layout.HistoryFile(result.ExecutionId)));
    }
}

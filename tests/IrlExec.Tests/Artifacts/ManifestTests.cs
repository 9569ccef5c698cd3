using IrlExec.Tests.Support;
using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

public class ManifestTests
{
    private const string ActivePlaceholder = "| _(none)_ | - | - | - | - |\n";
    private const string CompletedPlaceholder = "| _(none yet)_ | - | - | - | - |\n";
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 0, 45, 0, TimeSpan.Zero);
    private static readonly RunOptions Agent = new() { Actor = "agent-auto-approver" };

    private static string SeedReadme => File.ReadAllText(FixturePath("seed-manifest-README.md"));

    private static TempRoot RootWithSeedReadme()
    {
        var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.ExecutionDirectory);
        File.Copy(FixturePath("seed-manifest-README.md"), root.Layout.ManifestFile);
        return root;
    }

    // The start is shown in the background: a step that reads the seed's manifest waits until its Active Workflows
    // table has a row in place of the placeholder.
    private static bool ShowsRunning(string manifest) => !manifest.Contains(ActivePlaceholder, StringComparison.Ordinal);

    private static string ReplaceOnce(string text, string oldValue, string newValue)
    {
        var index = text.IndexOf(oldValue, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{oldValue.TrimEnd()}' not found");
        Assert.Equal(-1, text.IndexOf(oldValue, index + 1, StringComparison.Ordinal));
        return text[..index] + newValue + text[(index + oldValue.Length)..];
    }

    [Fact]
    public async Task A_finished_run_moves_its_row_to_completed_and_the_rest_of_the_seed_readme_is_byte_for_byte_unchanged()
    {
        using var root = RootWithSeedReadme();
        var clock = new ManualClock(Start);
        var result = await WorkflowRunner.ForDirectory(root.Path, clock).RunAsync(Incidents(), Integration(), Agent);

        var expected = ReplaceOnce(SeedReadme, CompletedPlaceholder,
            $"| incident-approval | 2026-02-08T00:45:00Z | ✓ Complete | results/incident-approval-results-2026-02-08-001.json | agent-auto-approver |\n");

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(expected, File.ReadAllText(root.Layout.ManifestFile));
    }

    [Fact]
    public async Task A_running_execution_has_a_running_row_in_active_workflows_with_its_log_file()
    {
        using var root = RootWithSeedReadme();
        string? during = null;
        var layout = root.Layout;
        var workflow = TestWorkflow.Create("incident-approval", StepSpec.Sync("list", (_, _) => during = FileWait.ReadTextWhen(layout.ManifestFile, ShowsRunning)));

        await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(workflow, options: Agent);

        var expected = ReplaceOnce(SeedReadme, ActivePlaceholder,
            "| incident-approval | 2026-02-08T00:45:00Z | Running | logs/incident-approval-2026-02-08-001.log | agent-auto-approver |\n");
        Assert.Equal(expected, during);
    }

    [Fact]
    public async Task A_paused_run_stays_active_and_moves_to_completed_when_resumed_to_the_end()
    {
        using var root = RootWithSeedReadme();
        var pause = true;
        var workflow = TestWorkflow.Create("incident-approval", StepSpec.Sync("approve", (c, _) => { if (pause) c.Pause("waiting for human approval"); }));
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));

        var paused = await runner.RunAsync(workflow, options: Agent);
        var whilePaused = File.ReadAllText(root.Layout.ManifestFile);
        pause = false;
        await runner.ResumeAsync(workflow, paused.ExecutionId, options: Agent);

        Assert.Equal(ReplaceOnce(SeedReadme, ActivePlaceholder,
            "| incident-approval | 2026-02-08T00:45:00Z | Paused: waiting for human approval | logs/incident-approval-2026-02-08-001.log | agent-auto-approver |\n"), whilePaused);
        Assert.Equal(ReplaceOnce(SeedReadme, CompletedPlaceholder,
            "| incident-approval | 2026-02-08T00:45:00Z | ✓ Complete | results/incident-approval-results-2026-02-08-001.json | agent-auto-approver |\n"),
            File.ReadAllText(root.Layout.ManifestFile));
    }

    [Fact]
    public async Task A_step_error_shows_as_error_with_a_note_in_active_workflows()
    {
        using var root = RootWithSeedReadme();
        var workflow = TestWorkflow.Create("deploy", StepSpec.Sync("push", (_, _) => throw new IOException("registry unreachable")));

        await WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow);

        var row = Assert.Single(ExecutionManifest.Read(root.Layout.ManifestFile).Active);
        Assert.Equal("⚠️ Error: step 1 (push) failed: IOException: registry unreachable", row.Status);
        Assert.Empty(ExecutionManifest.Read(root.Layout.ManifestFile).Completed);
    }

    [Fact]
    public async Task A_failed_run_moves_to_completed_as_failed()
    {
        using var root = RootWithSeedReadme();
        var workflow = TestWorkflow.Create("deploy", StepSpec.Sync("check", (c, _) => c.Fail("baseline missing")));

        await WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow);

        var tables = ExecutionManifest.Read(root.Layout.ManifestFile);
        Assert.Empty(tables.Active);
        Assert.Equal("✗ Failed", Assert.Single(tables.Completed).Status);
    }

    [Fact]
    public async Task A_root_without_readme_gets_the_built_in_template()
    {
        using var root = new TempRoot();
        string? during = null;
        var layout = root.Layout;
        var workflow = TestWorkflow.Create("incident-approval", StepSpec.Sync("list", (_, _) => during = FileWait.ReadTextWhen(layout.ManifestFile, ShowsRunning)));

        await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(workflow, options: Agent);

        Assert.Equal(ReplaceOnce(ExecutionManifest.Template, ActivePlaceholder,
            "| incident-approval | 2026-02-08T00:45:00Z | Running | logs/incident-approval-2026-02-08-001.log | agent-auto-approver |\n"), during);
    }

    [Fact]
    public async Task A_user_edited_readme_keeps_its_own_text_rows_and_line_endings()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.ExecutionDirectory);
        const string user = "\uFEFF# Our runs\r\n\r\nNotes by samson: keep this.\r\n\r\n## Active Workflows\r\n\r\n" +
                            "| Workflow | Started | Status | Log File | Agent/User |\r\n|---|---|---|---|---|\r\n" +
                            "| backfill | 2026-01-01T00:00:00Z | Running | logs/backfill.log | human:ana |\r\n\r\n" +
                            "## Completed Workflows\r\n\r\n| Workflow | Completed | Status | Results | Agent/User |\r\n|---|---|---|---|---|\r\n" +
                            "| deploy | 2026-02-08T00:30:00Z | ✓ Complete | results/deploy-2026-02-08.json | human:samson |\r\n\r\nTrailing words.";
        File.WriteAllBytes(root.Layout.ManifestFile, System.Text.Encoding.UTF8.GetBytes(user));
        var workflow = TestWorkflow.Create("incident-approval", StepSpec.Sync("list", (_, _) => { }));

        await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(workflow, options: Agent);

        var expected = ReplaceOnce(user, "| deploy | 2026-02-08T00:30:00Z | ✓ Complete | results/deploy-2026-02-08.json | human:samson |\r\n",
            "| deploy | 2026-02-08T00:30:00Z | ✓ Complete | results/deploy-2026-02-08.json | human:samson |\r\n" +
            "| incident-approval | 2026-02-08T00:45:00Z | ✓ Complete | results/incident-approval-results-2026-02-08-001.json | agent-auto-approver |\r\n");
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(expected), File.ReadAllBytes(root.Layout.ManifestFile));
    }

    [Fact]
    public async Task A_readme_without_the_tables_gets_the_sections_appended_and_keeps_its_text()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.ExecutionDirectory);
        const string user = "# Execution\n\nOnly prose here.\n";
        File.WriteAllText(root.Layout.ManifestFile, user);

        await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(TestWorkflow.Create("nightly", StepSpec.Sync("a", (_, _) => { })), options: Agent);

        var text = File.ReadAllText(root.Layout.ManifestFile);
        Assert.StartsWith(user, text, StringComparison.Ordinal);
        var tables = ExecutionManifest.Read(root.Layout.ManifestFile);
        Assert.Empty(tables.Active);
        Assert.Equal("nightly", Assert.Single(tables.Completed).Workflow);
        Assert.Contains("\n## Active Workflows\n\n| Workflow | Started | Status | Log File | Agent/User |\n|----------|---------|--------|----------|------------|\n| _(none)_ | - | - | - | - |\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_heading_followed_by_text_gets_its_table_with_a_blank_line_after_it_so_later_updates_find_it()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.ExecutionDirectory);
        File.WriteAllText(root.Layout.ManifestFile, "# Runs\n\n## Active Workflows\nWhat runs now.\n\n## Completed Workflows\n");
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        var step = 0;
        var workflow = TestWorkflow.Create("nightly", StepSpec.Sync("a", (c, _) => { if (++step == 1) c.Pause("approval"); }));

        var paused = await runner.RunAsync(workflow, options: Agent);
        await runner.RunAsync(workflow, options: Agent);
        await runner.ResumeAsync(workflow, paused.ExecutionId);

        var text = File.ReadAllText(root.Layout.ManifestFile);
        Assert.Contains("## Active Workflows\n\n| Workflow | Started | Status | Log File | Agent/User |\n|----------|---------|--------|----------|------------|\n| _(none)_ | - | - | - | - |\n\nWhat runs now.\n", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Split("| Workflow | Started |").Length - 1);
        var tables = ExecutionManifest.Read(root.Layout.ManifestFile);
        Assert.Empty(tables.Active);
        Assert.Equal(2, tables.Completed.Count);
    }

    [Fact]
    public async Task Twenty_parallel_executions_leave_twenty_completed_rows()
    {
        using var root = RootWithSeedReadme();
        var workflow = TestWorkflow.Create("parallel", StepSpec.Sync("a", (c, _) => c.Log("working")), StepSpec.Sync("b", (_, _) => { }));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow))));

        var tables = ExecutionManifest.Read(root.Layout.ManifestFile);
        Assert.Empty(tables.Active);
        Assert.Equal(20, tables.Completed.Count);
        Assert.Equal(
            results.Select(r => $"results/parallel-results-{r.State.RunLabel["parallel-".Length..]}.json").Order(StringComparer.Ordinal),
            tables.Completed.Select(r => r.File).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Refresh_rebuilds_the_rows_of_every_execution_from_the_state_files()
    {
        using var root = RootWithSeedReadme();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        await runner.RunAsync(Incidents(), Integration(), Agent);
        await runner.RunAsync(TestWorkflow.Create("waits", StepSpec.Sync("a", (c, _) => c.Pause("approval"))), options: Agent);
        var kept = File.ReadAllText(root.Layout.ManifestFile);
        File.Copy(FixturePath("seed-manifest-README.md"), root.Layout.ManifestFile, overwrite: true);

        var placed = ExecutionManifest.Refresh(root.Layout);

        Assert.Equal(2, placed);
        Assert.Equal(kept, File.ReadAllText(root.Layout.ManifestFile));
    }

    [Fact]
    public async Task Refresh_leaves_rows_of_unknown_executions_alone()
    {
        using var root = RootWithSeedReadme();
        await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(Incidents(), Integration(), Agent);
        const string handRow = "| deploy | 2026-02-08T00:30:00Z | ✓ Complete | results/deploy-2026-02-08.json | human:samson |\n";
        var withHandRow = File.ReadAllText(root.Layout.ManifestFile).Replace("| agent-auto-approver |\n", "| agent-auto-approver |\n" + handRow, StringComparison.Ordinal);
        File.WriteAllText(root.Layout.ManifestFile, withHandRow);

        ExecutionManifest.Refresh(root.Layout);

        Assert.Equal(withHandRow, File.ReadAllText(root.Layout.ManifestFile));
    }

    [Fact]
    public async Task A_table_at_the_end_of_a_file_without_a_final_newline_gets_its_row_on_a_new_line()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.ExecutionDirectory);
        const string user = "## Active Workflows\n\n| Workflow | Started | Status | Log File | Agent/User |\n|---|---|---|---|---|\n| _(none)_ | - | - | - | - |\n\n" +
                            "## Completed Workflows\n\n| Workflow | Completed | Status | Results | Agent/User |\n|---|---|---|---|---|\n| old | 2026-01-01T00:00:00Z | ✓ Complete | results/old.json | human:ana |";
        File.WriteAllText(root.Layout.ManifestFile, user);

        await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(TestWorkflow.Create("nightly", StepSpec.Sync("a", (_, _) => { })), options: Agent);

        Assert.Equal(user + "\n| nightly | 2026-02-08T00:45:00Z | ✓ Complete | results/nightly-results-2026-02-08-001.json | agent-auto-approver |\n",
            File.ReadAllText(root.Layout.ManifestFile));
    }

    [Fact]
    public async Task Columns_are_filled_by_their_header_names_whatever_their_order()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.ExecutionDirectory);
        File.WriteAllText(root.Layout.ManifestFile,
            "## Active Workflows\n\n| Status | Workflow | Agent/User | Log File | Started | Notes |\n|---|---|---|---|---|---|\n\n## Completed Workflows\n\nNothing yet.\n");
        string? during = null;
        var layout = root.Layout;
        var workflow = TestWorkflow.Create("nightly", StepSpec.Sync("a", (_, _) => during = FileWait.ReadTextWhen(layout.ManifestFile, m => m.Contains("| Running | nightly", StringComparison.Ordinal))));

        await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(workflow, options: Agent);

        Assert.Contains("| Running | nightly | agent-auto-approver | logs/nightly-2026-02-08-001.log | 2026-02-08T00:45:00Z | - |\n", during, StringComparison.Ordinal);
        Assert.Contains("## Completed Workflows\n\n| Workflow | Completed | Status | Results | Agent/User |\n", File.ReadAllText(layout.ManifestFile), StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_that_is_not_utf8_is_left_unchanged_and_named_in_the_error()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.ExecutionDirectory);
        byte[] latin1 = [.. System.Text.Encoding.ASCII.GetBytes("# Caf"), 0xE9, (byte)'\n'];
        File.WriteAllBytes(root.Layout.ManifestFile, latin1);
        var state = new ExecutionState { ExecutionId = "exec_1", Workflow = "w", RunLabel = "w-2026-02-08-001", Status = ExecutionStatus.InProgress };

        var error = Assert.Throws<ExecutionDataException>(() => ExecutionManifest.Update(root.Layout, state));

        Assert.Equal(root.Layout.ManifestFile, error.FilePath);
        Assert.Contains("not valid UTF-8", error.Problem, StringComparison.Ordinal);
        Assert.Equal(latin1, File.ReadAllBytes(root.Layout.ManifestFile));
    }
}

using System.Text.RegularExpressions;
using IrlExec.Tests.Support;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace IrlExec.Tests.Artifacts;

/// <summary>The README a root gets (links and text true for an IrlExec root) and its State Snapshots block.</summary>
public partial class ManifestSnapshotTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 0, 45, 0, TimeSpan.Zero);

    private static WorkflowDefinition Deploy(Func<bool> fail) =>
        TestWorkflow.Create("deploy", StepSpec.Sync("push", (c, _) => { if (fail()) c.Fail("registry unreachable"); }));

    private static string Block(string readme)
    {
        var begin = readme.IndexOf("<!-- irlexec:snapshot:begin", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- irlexec:snapshot:end", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "no State Snapshots block in:\n" + readme);
        return readme[begin..end];
    }

    private static string Readme(TempRoot root) => File.ReadAllText(root.Layout.ManifestFile);

    [Fact]
    public async Task Every_relative_link_of_a_fresh_roots_readme_leads_to_a_file_or_folder_of_the_root()
    {
        using var root = new TempRoot();
        await WorkflowRunner.ForDirectory(root.Path).RunAsync(Deploy(() => false));

        var document = Markdown.Parse(Readme(root), new MarkdownPipelineBuilder().UsePipeTables().Build());
        var links = document.Descendants<LinkInline>().Select(l => l.Url ?? "").Where(u => !u.Contains("://", StringComparison.Ordinal) && !u.StartsWith('#')).ToList();

        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            var target = Path.GetFullPath(Path.Combine(root.Layout.ExecutionDirectory, link.Split('#')[0]));
            Assert.True(File.Exists(target) || Directory.Exists(target), $"{link} leads nowhere ({target})");
            Assert.StartsWith(root.Layout.Root, target, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_fresh_roots_readme_names_nothing_an_irlexec_root_does_not_have_and_keeps_no_placeholder()
    {
        using var root = new TempRoot();
        await WorkflowRunner.ForDirectory(root.Path).RunAsync(Deploy(() => false));
        var readme = Readme(root);

        Assert.DoesNotContain("CLAUDE.md", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("directives", readme, StringComparison.OrdinalIgnoreCase);
        // The only _(...)_ left is the empty Active Workflows table's own placeholder row, which IrlExec manages.
        Assert.Equal(["_(none)_"], Placeholder().Matches(readme).Select(m => m.Value));
        Assert.DoesNotContain("_(none)_", Block(readme), StringComparison.Ordinal);
    }

    [Fact]
    public void The_template_has_a_state_snapshots_block_for_runs_to_fill()
    {
        Assert.Contains("<!-- irlexec:snapshot:begin -->\n_No execution has finished yet._\n<!-- irlexec:snapshot:end -->\n", ExecutionManifest.Template, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_succeeded_and_one_failed_run_show_as_counts_and_a_75_percent_success_rate()
    {
        using var root = new TempRoot();
        var clock = new ManualClock(Start);
        var runner = WorkflowRunner.ForDirectory(root.Path, clock);
        var fail = false;
        foreach (var failing in new[] { false, true, false, false })
        {
            fail = failing;
            await runner.RunAsync(Deploy(() => fail));
            clock.Advance(TimeSpan.FromMinutes(5));
        }
        // Neither a waiting execution nor a simulation is a finished run.
        await runner.RunAsync(TestWorkflow.Create("deploy", StepSpec.Sync("push", (c, _) => c.Pause("approval"))));
        await runner.SimulateAsync(Deploy(() => false));

        var block = Block(Readme(root));
        Assert.Contains("**Last Updated:** 2026-02-08T01:00:00Z", block, StringComparison.Ordinal);
        Assert.Contains("| deploy | 3 | 1 | 75% (3 of 4) | 2026-02-08T01:00:00Z ✓ Complete |", block, StringComparison.Ordinal);
        Assert.Contains("- **Success rate:** 75% (3 of 4 finished executions)", block, StringComparison.Ordinal);
        Assert.Contains("- **Last 24 h:** 3 succeeded, 1 failed", block, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_24_hour_counts_leave_out_runs_older_than_the_window_and_the_success_rate_keeps_them()
    {
        using var root = new TempRoot();
        var clock = new ManualClock(Start);
        var runner = WorkflowRunner.ForDirectory(root.Path, clock);
        await runner.RunAsync(Deploy(() => true));
        await runner.RunAsync(Deploy(() => false));
        clock.Advance(TimeSpan.FromHours(25));
        await runner.RunAsync(Deploy(() => false));
        await runner.RunAsync(TestWorkflow.Create("health-check", StepSpec.Sync("ping", (_, _) => { })));

        var block = Block(Readme(root));
        Assert.Contains("| deploy | 1 | 0 | 67% (2 of 3) | 2026-02-09T01:45:00Z ✓ Complete |", block, StringComparison.Ordinal);
        Assert.Contains("| health-check | 1 | 0 | 100% (1 of 1) | 2026-02-09T01:45:00Z ✓ Complete |", block, StringComparison.Ordinal);
        Assert.Contains("- **Success rate:** 75% (3 of 4 finished executions)", block, StringComparison.Ordinal);
        Assert.Contains("- **Last 24 h:** 2 succeeded, 0 failed", block, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_adds_itself_to_the_counts_without_reading_the_other_executions_histories()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        await runner.RunAsync(Deploy(() => false));
        await runner.RunAsync(Deploy(() => true));
        // Were the counts read back from the histories, the two executions whose files are gone would not be counted.
        foreach (var file in Directory.GetFiles(root.Layout.StateDirectory)) File.Delete(file);

        await runner.RunAsync(Deploy(() => false));

        Assert.Contains("| deploy | 2 | 1 | 67% (2 of 3) |", Block(Readme(root)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_runs_are_each_counted_once()
    {
        using var root = new TempRoot();
        var workflow = TestWorkflow.Create("parallel", StepSpec.Sync("a", (c, _) => c.Log("working")));

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow))));

        Assert.Contains("| parallel | 12 | 0 | 100% (12 of 12) |", Block(Readme(root)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workflows_declared_values_appear_after_its_run_and_are_replaced_after_the_next()
    {
        using var root = new TempRoot();
        var clock = new ManualClock(Start);
        var runner = WorkflowRunner.ForDirectory(root.Path, clock);
        var definition = WithSnapshot(
            TestWorkflow.Create("incident-approval", new StepSpec("count", (_, outputs) => { outputs["left"] = "3"; return ValueTask.CompletedTask; }) { Outputs = ["left"] }),
            context => [
                new ManifestSnapshotValue("Quarantine Status", "Total incidents", File.ReadAllText(Path.Combine(context.Root, "total.txt"))),
                new ManifestSnapshotValue("Quarantine Status", "Left by this run", context.State.Variables.Single(v => v.Name == "left").Json),
                new ManifestSnapshotValue("Auto-Approval Metrics", "24h approval rate", "67% (2 of 3 decided)"),
            ]);
        File.WriteAllText(Path.Combine(root.Path, "total.txt"), "12");
        await runner.RunAsync(definition);
        var first = Block(Readme(root));
        File.WriteAllText(Path.Combine(root.Path, "total.txt"), "9");
        clock.Advance(TimeSpan.FromMinutes(10));

        await runner.RunAsync(definition);
        var second = Block(Readme(root));

        Assert.True(first.Contains("#### Quarantine Status\n\n- **Total incidents:** 12\n- **Left by this run:** \"3\"\n\n#### Auto-Approval Metrics\n\n- **24h approval rate:** 67% (2 of 3 decided)\n", StringComparison.Ordinal), first);
        Assert.Contains("_Declared by incident-approval, after its run of 2026-02-08T00:45:00Z._", first, StringComparison.Ordinal);
        Assert.Contains("- **Total incidents:** 9\n", second, StringComparison.Ordinal);
        Assert.DoesNotContain("**Total incidents:** 12", second, StringComparison.Ordinal);
        Assert.Contains("_Declared by incident-approval, after its run of 2026-02-08T00:55:00Z._", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workflows_declared_values_see_the_views_before_the_manifest_show_the_runs_end()
    {
        // The declared values come from the workflow's own code, which may read the root's files: it runs once the views
        // before the manifest (snapshot, log, markdown) have written the end, not at the same time as them.
        using var root = new TempRoot();
        var shown = "";
        var definition = WithSnapshot(
            TestWorkflow.Create("reads-views", Enumerable.Range(1, 30).Select(i => new StepSpec("s" + i, (_, _) => ValueTask.CompletedTask)).ToArray()),
            context =>
            {
                shown = ExecutionStateMarkdownParser.ReadFile(context.Layout.MarkdownFile(context.State.ExecutionId)).Status + " "
                    + SnapshotWriter.Read(context.Layout.SnapshotFile(context.State.ExecutionId)).Status;
                return [new ManifestSnapshotValue("Views", "Seen", shown)];
            });

        await WorkflowRunner.ForDirectory(root.Path).RunAsync(definition);

        Assert.Equal($"{ExecutionStatus.CompletedSuccess} {ExecutionStatus.CompletedSuccess}", shown);
    }

    [Fact]
    public async Task Declared_values_are_refreshed_when_a_run_pauses_and_kept_when_another_workflow_runs()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        var waits = WithSnapshot(TestWorkflow.Create("waits", StepSpec.Sync("a", (c, _) => c.Pause("approval"))), _ => [new("Queue", "Waiting", "1")]);

        await runner.RunAsync(waits);
        await runner.RunAsync(Deploy(() => false));

        var block = Block(Readme(root));
        Assert.Contains("#### Queue\n\n- **Waiting:** 1\n", block, StringComparison.Ordinal);
        Assert.DoesNotContain("| waits |", block, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulations_do_not_refresh_declared_values()
    {
        using var root = new TempRoot();
        var calls = 0;
        var definition = WithSnapshot(Deploy(() => false), _ => { calls++; return [new("Deploys", "Calls", calls.ToString(System.Globalization.CultureInfo.InvariantCulture))]; });

        await WorkflowRunner.ForDirectory(root.Path).SimulateAsync(definition);

        Assert.Equal(0, calls);
        Assert.DoesNotContain("#### Deploys", Readme(root), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snapshot_that_throws_is_shown_as_its_error_and_the_run_still_succeeds()
    {
        using var root = new TempRoot();
        var definition = WithSnapshot(Deploy(() => false), _ => throw new DirectoryNotFoundException("quarantine/ is missing"));

        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(definition);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Empty(result.ViewProblems);
        Assert.Contains("_Its snapshot values could not be read after its run of 2026-02-08T00:45:00Z: DirectoryNotFoundException: quarantine/ is missing_",
            Block(Readme(root)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_in_a_declared_value_is_masked()
    {
        using var root = new TempRoot();
        var definition = WithSnapshot(Deploy(() => false), _ => [new("Registry", "Login", "token sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c")]);

        await WorkflowRunner.ForDirectory(root.Path).RunAsync(definition);

        Assert.DoesNotContain("4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c", Readme(root), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_data_line_is_reported_with_its_line_and_the_next_run_recounts_from_the_histories()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        await runner.RunAsync(Deploy(() => false));
        await runner.RunAsync(Deploy(() => true));
        var lines = File.ReadAllLines(root.Layout.ManifestFile).ToList();
        var dataLine = lines.FindIndex(l => l.StartsWith("<!-- irlexec:snapshot:data ", StringComparison.Ordinal));
        lines[dataLine] = lines[dataLine].Replace("\"succeeded\":1", "\"succeeded\":\"one\"", StringComparison.Ordinal);
        File.WriteAllText(root.Layout.ManifestFile, string.Join('\n', lines) + "\n");

        var error = Assert.Throws<ExecutionDataException>(() => ExecutionManifest.Check(root.Layout.ManifestFile));
        Assert.Equal(dataLine + 1, error.Line);
        Assert.Contains("State Snapshots data line is damaged", error.Message, StringComparison.Ordinal);

        await runner.RunAsync(Deploy(() => false));

        ExecutionManifest.Check(root.Layout.ManifestFile);
        Assert.Contains("| deploy | 2 | 1 | 67% (2 of 3) |", Block(Readme(root)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_recounts_from_the_histories_and_keeps_the_declared_values()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        await runner.RunAsync(WithSnapshot(Deploy(() => false), _ => [new("Deploys", "Last version", "1.2.0")]));
        await runner.RunAsync(Deploy(() => true));
        var readme = Readme(root);
        File.WriteAllText(root.Layout.ManifestFile, readme.Replace("\"succeeded\":1,\"failed\":1", "\"succeeded\":40,\"failed\":0", StringComparison.Ordinal));

        ExecutionManifest.Refresh(root.Layout);

        var block = Block(Readme(root));
        Assert.Contains("| deploy | 1 | 1 | 50% (1 of 2) |", block, StringComparison.Ordinal);
        Assert.Contains("- **Last version:** 1.2.0", block, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_readme_without_the_markers_gets_no_block_and_its_text_is_kept()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.ExecutionDirectory);
        const string own = "# Our runs\n\n## State Snapshots\n\nWritten by the on-call person.\n";
        File.WriteAllText(root.Layout.ManifestFile, own);

        await WorkflowRunner.ForDirectory(root.Path).RunAsync(Deploy(() => false));

        var readme = Readme(root);
        Assert.StartsWith(own, readme, StringComparison.Ordinal);
        Assert.DoesNotContain("irlexec:snapshot", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_block_in_a_crlf_readme_keeps_crlf_line_endings()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.ExecutionDirectory);
        File.WriteAllText(root.Layout.ManifestFile, ExecutionManifest.Template.ReplaceLineEndings("\r\n"));

        await WorkflowRunner.ForDirectory(root.Path).RunAsync(Deploy(() => false));

        var readme = Readme(root);
        Assert.Contains("| deploy | 1 | 0 |", readme, StringComparison.Ordinal);
        Assert.DoesNotMatch("[^\r]\n", readme);
    }

    private static WorkflowDefinition WithSnapshot(WorkflowDefinition definition, Func<ManifestSnapshotContext, IEnumerable<ManifestSnapshotValue>> snapshot) =>
        new(definition.Plan, definition.Steps) { ManifestSnapshot = snapshot };

    [GeneratedRegex(@"_\([^)\n]*\)_")]
    private static partial Regex Placeholder();
}

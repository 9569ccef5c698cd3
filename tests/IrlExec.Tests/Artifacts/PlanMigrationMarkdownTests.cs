using IrlExec.Tests.Support;
using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

/// <summary>
/// A change of definition accepted on resume is its own <c>### Plan Migration - timestamp</c> block in the Execution
/// Log of <c>execution_state.md</c>, and the parser reads it back.
/// </summary>
public class PlanMigrationMarkdownTests
{
    // Version 1: "list" then "approve", which pauses until "approved" is given. The changed build adds "archive".
    private static WorkflowDefinition Build(string fingerprint, bool withArchive, int version = 1)
    {
        var steps = new List<StepSpec>
        {
            StepSpec.Sync("list", (_, o) => o["incidents"] = "a, b") with { Inputs = [("integration", "{{integration}}")], Outputs = ["incidents"] },
            StepSpec.Sync("approve", (c, o) =>
            {
                if (!c.Variables.Contains("approved")) c.Pause("waiting for approval");
                o["summary"] = "2 approved";
            }) with { Inputs = [("incidents", "{{incidents}}")], Outputs = ["summary"] },
        };
        if (withArchive) steps.Add(StepSpec.Sync("archive", (_, o) => o["archived"] = "yes") with { Inputs = [("summary", "{{summary}}")], Outputs = ["archived"] });
        var built = TestWorkflow.Create("incident-approval", "Approve incidents for {{integration}}", [new VariablePlan { Name = "integration", IsRequired = true }], [.. steps]);
        var plan = new WorkflowPlan { Name = built.Plan.Name, Goal = built.Plan.Goal, Variables = built.Plan.Variables, Steps = built.Plan.Steps, Fingerprint = fingerprint, Version = version };
        return new WorkflowDefinition(plan, built.Steps);
    }

    private static async Task<(TempRoot Root, ExecutionResult Result)> ResumedWithArchiveAsync(ManualClock clock)
    {
        var root = new TempRoot();
        var paused = await WorkflowRunner.ForDirectory(root.Path, clock).RunAsync(Build("00000000000000a1", withArchive: false), Integration());
        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        clock.Advance(TimeSpan.FromMinutes(5));
        var approved = new VariableStore();
        approved.Set("approved", "yes");
        var result = await WorkflowRunner.ForDirectory(root.Path, clock).ResumeAsync(Build("00000000000000b2", withArchive: true), paused.ExecutionId, approved);
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        return (root, result);
    }

    [Fact]
    public async Task A_migration_accepted_on_resume_is_a_block_of_the_execution_log()
    {
        var (root, result) = await ResumedWithArchiveAsync(new ManualClock(new DateTimeOffset(2026, 2, 8, 0, 45, 0, TimeSpan.Zero)));
        using var _ = root;

        var markdown = File.ReadAllText(root.Layout.MarkdownFile(result.ExecutionId));

        Assert.Contains(
            "\n### Plan Migration - 2026-02-08T00:50:00Z\n" +
            "- **kind**: compatible\n" +
            "- **from_version**: 1\n" +
            "- **to_version**: 1\n" +
            "- **from_fingerprint**: 00000000000000a1\n" +
            "- **to_fingerprint**: 00000000000000b2\n" +
            "- **changes**:\n" +
            "  - step 3 'archive' added\n",
            markdown);
    }

    [Fact]
    public async Task The_migration_block_sits_between_the_attempts_before_and_after_the_resume()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 2, 8, 0, 45, 0, TimeSpan.Zero));
        var (root, result) = await ResumedWithArchiveAsync(clock);
        using var _ = root;

        var headings = File.ReadAllLines(root.Layout.MarkdownFile(result.ExecutionId)).Where(l => l.StartsWith("### Step ", StringComparison.Ordinal) && l.Contains("Execution", StringComparison.Ordinal) || l.StartsWith("### Plan Migration", StringComparison.Ordinal)).ToList();

        // The first "approve" attempt paused before the resume; the attempts after it finished in the same second as
        // the migration, and still follow it.
        Assert.Equal(
            ["### Step 1 Execution - 2026-02-08T00:45:00Z", "### Step 2 Execution - 2026-02-08T00:45:00Z", "### Plan Migration - 2026-02-08T00:50:00Z",
             "### Step 2 Execution - 2026-02-08T00:50:00Z", "### Step 3 Execution - 2026-02-08T00:50:00Z"],
            headings);
    }

    [Fact]
    public async Task The_state_after_a_migration_records_it_with_both_fingerprints_and_the_changes()
    {
        var (root, result) = await ResumedWithArchiveAsync(new ManualClock(new DateTimeOffset(2026, 2, 8, 0, 45, 0, TimeSpan.Zero)));
        using var _ = root;

        var migration = Assert.Single(result.State.PlanMigrations);
        Assert.False(migration.IsExplicit);
        Assert.Equal(("00000000000000a1", "00000000000000b2"), (migration.FromFingerprint, migration.ToFingerprint));
        Assert.Equal(["step 3 'archive' added"], migration.Changes);
    }

    [Fact]
    public async Task The_file_with_a_migration_parses_back_into_the_state_the_runner_returned()
    {
        var (root, result) = await ResumedWithArchiveAsync(new ManualClock(new DateTimeOffset(2026, 2, 8, 0, 45, 0, TimeSpan.Zero)));
        using var _ = root;

        var parsed = ExecutionStateMarkdownParser.ReadFile(root.Layout.MarkdownFile(result.ExecutionId));

        Assert.Equal(Json(result.State), Json(parsed));
    }

    [Fact]
    public async Task A_state_restored_from_its_json_keeps_the_migration_in_place_among_the_attempts()
    {
        var (root, result) = await ResumedWithArchiveAsync(new ManualClock(new DateTimeOffset(2026, 2, 8, 0, 45, 0, TimeSpan.Zero)));
        using var _ = root;

        // What a history started from a recovered state holds (the StateRestored record, through its JSON form).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        HistoryCodec.Encode(ExecutionStateProjector.Restored(result.State), buffer);
        var restored = ExecutionStateProjector.Replay(HistoryCodec.Decode(buffer.WrittenSpan, "history.jsonl").Records);

        Assert.Equal(2, Assert.Single(restored.PlanMigrations).LogPosition);
        Assert.Equal(ExecutionStateMarkdownWriter.Render(result.State), ExecutionStateMarkdownWriter.Render(restored));
    }

    [Fact]
    public async Task An_explicit_migration_is_written_with_its_kind_and_both_versions()
    {
        using var root = new TempRoot();
        var paused = await WorkflowRunner.ForDirectory(root.Path).RunAsync(Build("00000000000000a1", withArchive: false), Integration());
        var options = new RunOptions { Migration = context => context.Variables.Set("approved", "by the migration") };

        var result = await WorkflowRunner.ForDirectory(root.Path).ResumeAsync(Build("00000000000000c3", withArchive: true, version: 2), paused.ExecutionId, options: options);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        var markdown = File.ReadAllText(root.Layout.MarkdownFile(result.ExecutionId));
        Assert.Contains("- **kind**: explicit\n- **from_version**: 1\n- **to_version**: 2\n", markdown);
        Assert.Equal(["version 1 → 2", "step 3 'archive' added"], Assert.Single(result.State.PlanMigrations).Changes);
    }

    [Fact]
    public void A_migration_block_with_an_unknown_kind_is_an_error_naming_the_line()
    {
        var state = new ExecutionState { ExecutionId = "exec_20260208T004500Z_00000000000000000000000000000000", Steps = [new StepState { Order = 1, Name = "list" }] };
        state.PlanMigrations.Add(new PlanMigrationRecord { Timestamp = DateTimeOffset.UnixEpoch, Changes = ["step 2 'x' added"] });
        var markdown = ExecutionStateMarkdownWriter.Render(state).Replace("- **kind**: compatible", "- **kind**: sideways", StringComparison.Ordinal);
        var line = markdown[..markdown.IndexOf("- **kind**", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var error = Assert.Throws<ExecutionDataException>(() => ExecutionStateMarkdownParser.Parse(markdown, "state.md"));

        Assert.Contains($"state.md:{line}", error.Message);
        Assert.Contains("'compatible' or 'explicit'", error.Message);
    }
}

using IrlExec.Generators.Tests.Versioning;

namespace IrlExec.Generators.Tests;

/// <summary>
/// Resuming an execution with a changed definition (real generated plans and fingerprints): compatible changes resume
/// and are recorded; unsafe ones are refused with the exact difference, leaving the history untouched; an explicit
/// migration (Version raised + a hook) resumes what would otherwise be refused.
/// </summary>
public sealed class ResumeWithChangedDefinitionTests
{
    private readonly InMemoryExecutionStore _store = new();

    // ExecutionStatus is also compiled (internal, visible here) into the generator this project references: compare names.
    private static void AssertStatus(string expected, ExecutionResult result) =>
        Assert.True(result.Status.ToString() == expected, $"status {result.Status}, expected {expected}: {result.Reason}");

    /// <summary>Starts with version 1 and returns the id once it paused at step 3 (steps 1 and 2 completed).</summary>
    private async Task<string> StartWithV1Async()
    {
        var result = await ReportV1.RunAsync(new WorkflowRunner(_store), new ReportV1 { Day = "2026-02-08" });
        AssertStatus("Paused", result);
        Assert.Equal(3, result.State.CurrentStep);
        return result.ExecutionId;
    }

    private async Task<IReadOnlyList<ExecutionEvent>> HistoryAsync(string id) =>
        (await _store.ReadAsync(id, CancellationToken.None))!;

    [Fact]
    public async Task The_start_record_holds_the_fingerprint_version_and_typed_plan()
    {
        var id = await StartWithV1Async();

        var created = (await HistoryAsync(id))[0];
        Assert.Equal(ReportV1.Plan.Fingerprint, created.PlanFingerprint);
        Assert.Equal(1, created.PlanVersion);
        Assert.Equal("long", created.PlanShape!.Steps[0].Outputs.Single().TypeName);
        Assert.Equal(ReportV1.Plan.Fingerprint, (await new WorkflowRunner(_store).GetStateAsync(id))!.PlanFingerprint);
    }

    [Fact]
    public async Task Resuming_with_the_same_definition_records_no_migration()
    {
        var id = await StartWithV1Async();

        AssertStatus("CompletedSuccess", await ReportV1.ResumeAsync(new WorkflowRunner(_store), id));

        Assert.DoesNotContain(await HistoryAsync(id), e => e.Kind == ExecutionEventKind.PlanMigrated);
    }

    [Fact]
    public async Task Resume_after_adding_a_step_at_the_end_continues_and_records_the_migration()
    {
        var id = await StartWithV1Async();

        var result = await ReportWithStepAdded.ResumeAsync(new WorkflowRunner(_store), id);

        AssertStatus("CompletedSuccess", result);
        Assert.Equal(5, result.State.Steps.Count);
        Assert.Equal("\"archived 2026-02-08: 1000 rows in 3 tables\"", result.State.Variables.Single(v => v.Name == "archived").Json);
        Assert.Equal(ReportWithStepAdded.Plan.Fingerprint, result.State.PlanFingerprint);
        var migrated = Assert.Single(await HistoryAsync(id), e => e.Kind == ExecutionEventKind.PlanMigrated);
        Assert.Equal(ReportWithStepAdded.Plan.Fingerprint, migrated.PlanFingerprint);
        Assert.Contains("step 5 'archive' added", migrated.Message);
        Assert.Contains(await HistoryAsync(id), e => e.Kind == ExecutionEventKind.LogWritten && e.Message!.StartsWith("Plan migrated: compatible change", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resume_after_retyping_an_input_of_a_step_not_yet_run_is_refused_with_the_exact_difference()
    {
        var id = await StartWithV1Async();
        var before = (await HistoryAsync(id)).Count;

        var refused = await Assert.ThrowsAsync<IncompatiblePlanException>(() => ReportWithPublishInputRetyped.ResumeAsync(new WorkflowRunner(_store), id));

        Assert.Equal(["step 1 'collect': output 'rows' retyped from long to int", "step 4 'publish': input 'rows' retyped from long to int"], refused.Changes);
        Assert.Equal(
            ["step 1 'collect': output 'rows' retyped from long to int: step 1 already completed, its definition must not change",
             "step 4 'publish' input 'rows' is int but {{rows}} holds long (output of completed step 1 'collect')"],
            refused.Reasons);
        Assert.Contains(ReportV1.Plan.Fingerprint, refused.Message);
        Assert.Equal(before, (await HistoryAsync(id)).Count); // nothing recorded: the execution can still resume with v1
        AssertStatus("CompletedSuccess", await ReportV1.ResumeAsync(new WorkflowRunner(_store), id));
    }

    [Fact]
    public async Task Resume_after_reordering_completed_steps_is_refused()
    {
        var id = await StartWithV1Async();

        var refused = await Assert.ThrowsAsync<IncompatiblePlanException>(() => ReportWithCompletedStepsReordered.ResumeAsync(new WorkflowRunner(_store), id));

        Assert.Equal(["step 'collect' moved from position 1 to 2", "step 'count-tables' moved from position 2 to 1"], refused.Changes);
        Assert.Equal(
            ["step 'collect' moved from position 1 to 2: step 1 already completed, its definition must not change",
             "step 'count-tables' moved from position 2 to 1: step 1 already completed, its definition must not change"],
            refused.Reasons);
    }

    [Fact]
    public async Task Resume_with_a_new_version_but_no_migration_hook_is_refused()
    {
        var id = await StartWithV1Async();

        var refused = await Assert.ThrowsAsync<IncompatiblePlanException>(() => ReportV2.ResumeAsync(new WorkflowRunner(_store), id));

        Assert.Equal(["version 1 → 2", "step 1 'collect': output 'rows' renamed to 'row_count'", "step 4 'publish': input 'rows' now reads {{row_count}} instead of {{rows}}"], refused.Changes);
        Assert.Equal(
            ["step 1 'collect': output 'rows' renamed to 'row_count': step 1 already completed, its definition must not change",
             "step 4 'publish' reads {{row_count}}, which no completed or earlier step provides"],
            refused.Reasons);
    }

    [Fact]
    public async Task An_explicit_migration_maps_old_variables_to_new_resumes_and_is_recorded()
    {
        var id = await StartWithV1Async();
        PlanMigrationContext? seen = null;
        var options = new RunOptions
        {
            Migration = context =>
            {
                seen = context;
                context.Variables.Set("row_count", context.Variables.Get("rows", JsonTypes.Int64), JsonTypes.Int64);
            },
        };

        var result = await ReportV2.ResumeAsync(new WorkflowRunner(_store), id, options: options);

        AssertStatus("CompletedSuccess", result);
        Assert.Equal((1, 2), (seen!.FromVersion, seen.ToVersion));
        Assert.Equal("\"2026-02-08: 1000 rows in 3 tables\"", result.State.Variables.Single(v => v.Name == "published").Json);
        Assert.Equal(2, result.State.PlanVersion);
        var history = await HistoryAsync(id);
        var migrated = Assert.Single(history, e => e.Kind == ExecutionEventKind.PlanMigrated);
        Assert.Equal(2, migrated.PlanVersion);
        Assert.StartsWith("explicit migration from version 1 to 2", migrated.Message);
        // The mapped variable is recorded before the migration record, so a replay sees it.
        Assert.Contains(history.TakeWhile(e => e != migrated), e => e.Kind == ExecutionEventKind.VariableSet && e.Name == "row_count" && e.Value == "1000");
    }

    [Fact]
    public async Task A_migration_hook_declared_on_the_class_is_used_by_a_resume_that_passes_none()
    {
        var id = await StartWithV1Async();
        ReportV2WithDeclaredMigration.MigrationsRun = 0;

        var result = await ReportV2WithDeclaredMigration.ResumeAsync(new WorkflowRunner(_store), id);

        AssertStatus("CompletedSuccess", result);
        Assert.Equal(1, ReportV2WithDeclaredMigration.MigrationsRun);
        Assert.NotNull(ReportV2WithDeclaredMigration.Definition.Migration);
        Assert.Equal("\"2026-02-08: 1000 rows in 3 tables\"", result.State.Variables.Single(v => v.Name == "published").Json);
        var migrated = Assert.Single(await HistoryAsync(id), e => e.Kind == ExecutionEventKind.PlanMigrated);
        Assert.StartsWith("explicit migration from version 1 to 2", migrated.Message);
    }

    [Fact]
    public async Task A_migration_given_to_the_resume_takes_precedence_over_the_declared_one()
    {
        var id = await StartWithV1Async();
        ReportV2WithDeclaredMigration.MigrationsRun = 0;
        var options = new RunOptions { Migration = context => context.Variables.Set("row_count", 7L, JsonTypes.Int64) };

        var result = await ReportV2WithDeclaredMigration.ResumeAsync(new WorkflowRunner(_store), id, options: options);

        AssertStatus("CompletedSuccess", result);
        Assert.Equal(0, ReportV2WithDeclaredMigration.MigrationsRun);
        Assert.Equal("\"2026-02-08: 7 rows in 3 tables\"", result.State.Variables.Single(v => v.Name == "published").Json);
    }

    [Fact]
    public void A_workflow_without_a_declared_hook_has_no_migration() => Assert.Null(ReportV2.Definition.Migration);

    [Fact]
    public async Task The_recorded_plan_survives_the_history_file_so_a_new_process_can_compare_it()
    {
        var root = Path.Combine(Path.GetTempPath(), "irlexec-versioning-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var paused = await ReportV1.RunAsync(WorkflowRunner.ForDirectory(root), new ReportV1 { Day = "2026-02-08" });
            AssertStatus("Paused", paused);

            // A new runner reads the JSON history file: the typed plan must come back to find the exact difference.
            var refused = await Assert.ThrowsAsync<IncompatiblePlanException>(() => ReportWithPublishInputRetyped.ResumeAsync(WorkflowRunner.ForDirectory(root), paused.ExecutionId));
            Assert.Contains("step 4 'publish' input 'rows' is int but {{rows}} holds long (output of completed step 1 'collect')", refused.Reasons);
            AssertStatus("CompletedSuccess", await ReportWithStepAdded.ResumeAsync(WorkflowRunner.ForDirectory(root), paused.ExecutionId));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

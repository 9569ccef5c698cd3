using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// The crash budget (<see cref="StepPlan.MaxRecoveryAttempts"/>, docs/runtime.md "Steps that stop their process"): an
/// attempt interrupted by its process dying is counted from the history, across every resume and process; a resume that
/// finds a step interrupted more often than its budget fails the step instead of running it again, so a step that kills
/// its process every time is not retried forever. Each process death is simulated by a store that refuses every write
/// after the step asked to "die": the step's start is in the history, its end never is, and a new runner (another
/// process) resumes it.
/// </summary>
public sealed class RecoveryBudgetTests
{
    [Fact]
    public async Task The_default_budget_still_recovers_a_step_interrupted_once()
    {
        var store = new DyingStore();
        var crashes = 1;
        var workflow = TestWorkflow.Create("once", StepSpec.Sync("first", (_, _) => { }), StepSpec.Sync("second", (_, _) => { if (crashes-- > 0) store.Die(); }));

        var id = await CrashAsync(store, workflow, run: null);
        var result = await new WorkflowRunner(store).ResumeAsync(workflow, id);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(2, result.State.FindStep(2)!.Attempts);
    }

    [Fact]
    public async Task The_default_budget_recovers_a_step_interrupted_three_times_across_three_takeovers()
    {
        var store = new DyingStore();
        var crashes = 3;
        var workflow = TestWorkflow.Create("thrice", StepSpec.Sync("first", (_, _) => { }), StepSpec.Sync("second", (_, _) => { if (crashes-- > 0) store.Die(); }));

        var id = await CrashAsync(store, workflow, run: null);
        for (var takeover = 0; takeover < 2; takeover++) await CrashAsync(store, workflow, id);
        var result = await new WorkflowRunner(store).ResumeAsync(workflow, id);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(3, InterruptedOf(await HistoryAsync(store, id), 2));
    }

    [Fact]
    public async Task A_step_interrupted_once_more_than_its_budget_fails_without_running_again_and_the_execution_pauses()
    {
        var store = new DyingStore();
        var runs = 0;
        var workflow = TestWorkflow.Create("poison", StepSpec.Sync("first", (_, _) => { }), StepSpec.Sync("kills-its-process", (_, _) => { runs++; store.Die(); }));

        // Four process deaths: the run, then three takeovers (each a new runner over the same history).
        var id = await CrashAsync(store, workflow, run: null);
        for (var takeover = 0; takeover < 3; takeover++) await CrashAsync(store, workflow, id);
        Assert.Equal(4, runs);
        var result = await new WorkflowRunner(store).ResumeAsync(workflow, id);

        Assert.Equal(4, runs); // not run a fifth time
        Assert.Equal(ExecutionStatus.Paused, result.Status);
        var step = result.State.FindStep(2)!;
        Assert.Equal(StepStatus.Failed, step.Status);
        Assert.Equal(StepStatus.Completed, result.State.FindStep(1)!.Status);
        Assert.StartsWith("step 2 (kills-its-process) failed: interrupted", result.State.StatusReason, StringComparison.Ordinal);
        Assert.Contains("4 interrupted attempts, more than MaxRecoveryAttempts = 3", result.State.StatusReason, StringComparison.Ordinal);
        var history = await HistoryAsync(store, id);
        Assert.Equal(4, InterruptedOf(history, 2));
        Assert.Equal(4, history.Count(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 2));
        Assert.Equal(ExecutionEventKind.StatusChanged, history[^1].Kind);
        Assert.Equal(ExecutionStatus.Paused, history[^1].Status);
    }

    [Fact]
    public async Task The_budget_holds_for_every_later_resume_of_the_interrupted_execution_until_one_that_follows_the_failure()
    {
        var store = new DyingStore();
        var workflow = TestWorkflow.Create("poison", StepSpec.Sync("kills-its-process", (_, _) => store.Die()) with { MaxRecoveryAttempts = 1 });

        var id = await CrashAsync(store, workflow, run: null);
        await CrashAsync(store, workflow, id);
        var failed = await new WorkflowRunner(store).ResumeAsync(workflow, id);
        Assert.Equal(ExecutionStatus.Paused, failed.Status);
        Assert.Contains("2 interrupted attempts, more than MaxRecoveryAttempts = 1", failed.State.StatusReason, StringComparison.Ordinal);

        // A resume after the failure runs the step again with its whole budget (the cause not fixed here: it dies again).
        await CrashAsync(store, workflow, id);
        await CrashAsync(store, workflow, id);
        var again = await new WorkflowRunner(store).ResumeAsync(workflow, id);

        Assert.Equal(ExecutionStatus.Paused, again.Status);
        Assert.Contains("2 interrupted attempts, more than MaxRecoveryAttempts = 1", again.State.StatusReason, StringComparison.Ordinal);
        Assert.Equal(4, InterruptedOf(await HistoryAsync(store, id), 1));
    }

    [Fact]
    public async Task A_resume_after_the_cause_is_fixed_runs_the_failed_step_again_and_completes()
    {
        var store = new DyingStore();
        var fixedNow = false;
        var workflow = TestWorkflow.Create("poison", StepSpec.Sync("first", (_, _) => { }), StepSpec.Sync("kills-its-process", (_, _) => { if (!fixedNow) store.Die(); }) with { MaxRecoveryAttempts = 0 });

        var id = await CrashAsync(store, workflow, run: null);
        var failed = await new WorkflowRunner(store).ResumeAsync(workflow, id);
        Assert.Equal(ExecutionStatus.Paused, failed.Status);
        Assert.Contains("1 interrupted attempt, more than MaxRecoveryAttempts = 0", failed.State.StatusReason, StringComparison.Ordinal);

        fixedNow = true;
        var result = await new WorkflowRunner(store).ResumeAsync(workflow, id);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(2, result.State.FindStep(2)!.Attempts);
        Assert.Equal(1, result.State.FindStep(1)!.Attempts);
    }

    [Fact]
    public async Task With_FailExecution_a_step_past_its_budget_ends_the_execution_COMPLETED_FAILURE()
    {
        var store = new DyingStore();
        var workflow = TestWorkflow.Create("poison", StepSpec.Sync("kills-its-process", (_, _) => store.Die()));
        var options = new RunOptions { OnStepFailure = StepFailurePolicy.FailExecution, MaxRecoveryAttempts = 1 };

        var id = await CrashAsync(store, workflow, run: null, options);
        await CrashAsync(store, workflow, id, options);
        var result = await new WorkflowRunner(store).ResumeAsync(workflow, id, options: options);

        Assert.Equal(ExecutionStatus.CompletedFailure, result.Status);
        Assert.StartsWith("step 1 (kills-its-process) failed: interrupted", result.State.StatusReason, StringComparison.Ordinal);
        Assert.Contains("MaxRecoveryAttempts = 1", result.State.StatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOptions_MaxRecoveryAttempts_overrides_the_step_s_own()
    {
        var store = new DyingStore();
        var workflow = TestWorkflow.Create("poison", StepSpec.Sync("kills-its-process", (_, _) => store.Die()) with { MaxRecoveryAttempts = 10 });

        var id = await CrashAsync(store, workflow, run: null);
        var result = await new WorkflowRunner(store).ResumeAsync(workflow, id, options: new RunOptions { MaxRecoveryAttempts = 0 });

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Contains("1 interrupted attempt, more than MaxRecoveryAttempts = 0", result.State.StatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_step_has_its_own_budget_and_a_completed_step_s_interruptions_do_not_count_for_the_next()
    {
        var store = new DyingStore();
        var (firstCrashes, secondCrashes) = (3, 3);
        var workflow = TestWorkflow.Create("two-poisons",
            StepSpec.Sync("first", (_, _) => { if (firstCrashes-- > 0) store.Die(); }),
            StepSpec.Sync("second", (_, _) => { if (secondCrashes-- > 0) store.Die(); }),
            StepSpec.Sync("third", (_, _) => { }) with { MaxRecoveryAttempts = 0 });

        var id = await CrashAsync(store, workflow, run: null);
        for (var takeover = 0; takeover < 5; takeover++) await CrashAsync(store, workflow, id);
        var result = await new WorkflowRunner(store).ResumeAsync(workflow, id);

        // Six interruptions in all, three of each step: within each step's budget of 3.
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        var history = await HistoryAsync(store, id);
        Assert.Equal(3, InterruptedOf(history, 1));
        Assert.Equal(3, InterruptedOf(history, 2));
        Assert.Equal(0, InterruptedOf(history, 3));
    }

    [Fact]
    public async Task A_step_whose_attempts_fail_between_its_interruptions_still_has_every_interruption_counted()
    {
        // Each run: the first attempt throws (retried), the second kills the process. Counting only interruptions in a row
        // would never reach the budget.
        var store = new DyingStore();
        var attempt = 0;
        var workflow = TestWorkflow.Create("flaky-poison",
            StepSpec.Sync("flaky", (_, _) =>
            {
                if (++attempt % 2 == 1) throw new InvalidOperationException("transient");
                store.Die();
            }) with { MaxAttempts = 2, MaxRecoveryAttempts = 2 });

        var id = await CrashAsync(store, workflow, run: null);
        for (var takeover = 0; takeover < 2; takeover++) await CrashAsync(store, workflow, id);
        var result = await new WorkflowRunner(store).ResumeAsync(workflow, id);

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Contains("3 interrupted attempts, more than MaxRecoveryAttempts = 2", result.State.StatusReason, StringComparison.Ordinal);
        Assert.Equal(6, attempt);
    }

    [Fact]
    public async Task A_cancelled_or_paused_attempt_is_not_an_interruption()
    {
        var store = new DyingStore();
        var calls = 0;
        var workflow = TestWorkflow.Create("pauses", StepSpec.Sync("waits", (c, _) => { if (++calls <= 3) c.Pause("wait for a person"); }) with { MaxRecoveryAttempts = 0 });

        var result = await new WorkflowRunner(store).RunAsync(workflow);
        for (var i = 0; i < 3; i++) result = await new WorkflowRunner(store).ResumeAsync(workflow, result.ExecutionId);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(0, InterruptedOf(await HistoryAsync(store, result.ExecutionId), 1));
    }

    // Runs (run: null) or resumes the execution in a new runner, as a new process would, until the step makes it "die".
    private static async Task<string> CrashAsync(DyingStore store, WorkflowDefinition workflow, string? run, RunOptions? options = null)
    {
        var runner = new WorkflowRunner(store);
        await Assert.ThrowsAsync<ProcessDiedException>(() => run is null ? runner.RunAsync(workflow, options: options) : runner.ResumeAsync(workflow, run, options: options));
        store.Revive();
        return run ?? Assert.Single(await store.ListAsync(default));
    }

    private static async Task<IReadOnlyList<ExecutionEvent>> HistoryAsync(IExecutionStore store, string id) => (await store.ReadAsync(id, default))!;

    private static int InterruptedOf(IReadOnlyList<ExecutionEvent> history, int step) =>
        history.Count(r => r.Kind == ExecutionEventKind.StepFailed && r.Step == step && r.Message!.StartsWith("interrupted", StringComparison.Ordinal));

    private sealed class ProcessDiedException() : Exception("the process died (simulated)");

    // After Die(), every append throws: the process running the step is gone, and nothing it would write reaches the history.
    private sealed class DyingStore() : DelegatingStore(new InMemoryExecutionStore())
    {
        private volatile bool _dead;

        public void Die() => _dead = true;

        public void Revive() => _dead = false;

        public override ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken) =>
            _dead ? throw new ProcessDiedException() : Inner.AppendAsync(executionId, records.ToList(), flushToDisk, cancellationToken);
    }
}

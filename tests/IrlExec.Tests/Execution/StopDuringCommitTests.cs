using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// A stop (the run's <see cref="CancellationToken"/>: Ctrl-C through <see cref="StopSignals"/>, a host's shutdown) that
/// lands while a commit is written never throws out of the run once the run has written anything: the run returns with the
/// execution PAUSED (reason <c>cancelled</c>), or finished when the commit was its end, and the history says the same.
/// A stop before the run has written anything throws <see cref="OperationCanceledException"/> and leaves nothing behind.
/// (docs/runtime.md, "What a stop does".)
/// </summary>
public sealed class StopDuringCommitTests
{
    // Three steps; b fails its first attempt and is retried, so the run has every kind of commit: the creation with
    // step 1's start, completions with the next start, a failed attempt, a retry's start alone, the end.
    private static WorkflowDefinition Workflow(List<string> ran) => TestWorkflow.Create("stops",
        StepSpec.Sync("a", (_, _) => ran.Add("a")),
        new StepSpec("b", (c, _) =>
        {
            ran.Add("b" + c.Attempt);
            return c.Attempt == 1 ? throw new InvalidOperationException("first attempt fails") : ValueTask.CompletedTask;
        }) { MaxAttempts = 2 },
        StepSpec.Sync("c", (_, _) => ran.Add("c")));

    [Fact]
    public async Task A_stop_that_lands_while_the_creation_and_step_one_s_start_are_written_pauses_the_run_before_step_one_runs()
    {
        using var stop = new CancellationTokenSource();
        var store = new StoppingStore(stop) { StopAfter = records => records.Any(r => r.Kind == ExecutionEventKind.ExecutionCreated) };
        var ran = new List<string>();
        var started = new List<string>();

        var result = await new WorkflowRunner(store).RunAsync(Workflow(ran), options: new RunOptions { OnStarted = started.Add }, cancellationToken: stop.Token);

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.StartsWith("cancelled", result.Reason, StringComparison.Ordinal);
        Assert.Empty(ran); // the stop came before step a's code began
        Assert.Equal([result.ExecutionId], started);
        var history = (await store.ReadAsync(result.ExecutionId, default))!;
        var state = ExecutionStateProjector.Replay(history);
        Assert.Equal(ExecutionStatus.Paused, state.Status);
        Assert.Equal(StepStatus.Paused, state.FindStep(1)!.Status);

        var resumed = await new WorkflowRunner(store).ResumeAsync(Workflow(ran), result.ExecutionId);
        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
        Assert.Equal(["a", "b1", "b2", "c"], ran);
    }

    [Fact]
    public async Task A_stop_that_lands_during_any_commit_of_a_run_never_throws_and_leaves_the_history_as_the_run_returned_it()
    {
        var commits = await CommitsOfAWholeRunAsync();
        Assert.True(commits >= 5, $"only {commits} commits");
        for (var stopAt = 1; stopAt <= commits; stopAt++)
        {
            using var stop = new CancellationTokenSource();
            var store = new StoppingStore(stop) { StopAtCommit = stopAt };
            var ran = new List<string>();

            var result = await new WorkflowRunner(store).RunAsync(Workflow(ran), cancellationToken: stop.Token);

            await AssertPausedOrFinishedAsync(store, result, $"stop during commit {stopAt} of {commits}");
            if (result.Status == ExecutionStatus.Paused)
            {
                var resumed = await new WorkflowRunner(store).ResumeAsync(Workflow(ran), result.ExecutionId);
                Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
            }
            // Each step's code ran once (b: no attempt twice; an attempt the stop came before is not run at all).
            var b = ran.Where(r => r.StartsWith('b')).ToList();
            Assert.True(ran.Count(r => r == "a") == 1 && ran.Count(r => r == "c") == 1 && b.Distinct().Count() == b.Count,
                $"stop during commit {stopAt}: ran {string.Join(", ", ran)}; history {Kinds((await store.ReadAsync(result.ExecutionId, default))!)}");
        }
    }

    [Fact]
    public async Task A_stop_that_lands_during_any_commit_of_a_resume_never_throws_and_leaves_the_history_as_the_resume_returned_it()
    {
        for (var stopAt = 1; ; stopAt++)
        {
            // A run whose process died right after step b's second attempt started: the resume records it interrupted,
            // commits its own records, then starts b again (a start alone), then c.
            using var stop = new CancellationTokenSource();
            var store = new StoppingStore(stop) { DieAfter = records => records.Any(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 2 && r.Attempt == 2) };
            var ran = new List<string>();
            await Assert.ThrowsAsync<ProcessDiedException>(() => new WorkflowRunner(store).RunAsync(Workflow(ran), options: new RunOptions { ExecutionId = "exec_stopped_resume" }));
            store.DieAfter = null;
            store.StopAtCommit = store.CommitCount + stopAt;

            var result = await new WorkflowRunner(store).ResumeAsync(Workflow(ran), "exec_stopped_resume", cancellationToken: stop.Token);

            await AssertPausedOrFinishedAsync(store, result, $"stop during commit {stopAt} of the resume");
            if (result.Status == ExecutionStatus.CompletedSuccess) break;
            Assert.True(stopAt < 10, "the resume never finished");
        }
    }

    [Fact]
    public async Task A_stop_that_lands_while_a_step_s_pause_is_written_leaves_the_step_s_own_pause()
    {
        using var stop = new CancellationTokenSource();
        var store = new StoppingStore(stop) { StopAfter = records => records.Any(r => r.Kind == ExecutionEventKind.StepPaused) };
        var workflow = TestWorkflow.Create("pauses", StepSpec.Sync("approve", (c, _) => c.Pause("a person decides")));

        var result = await new WorkflowRunner(store).RunAsync(workflow, cancellationToken: stop.Token);

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal("a person decides", result.Reason);
        Assert.Equal(ExecutionStatus.Paused, ExecutionStateProjector.Replay((await store.ReadAsync(result.ExecutionId, default))!).Status);
    }

    [Fact]
    public async Task A_stop_that_lands_while_the_end_is_written_leaves_the_execution_finished()
    {
        using var stop = new CancellationTokenSource();
        var store = new StoppingStore(stop) { StopAfter = records => records.Any(r => r.Kind == ExecutionEventKind.StatusChanged && r.Status == ExecutionStatus.CompletedSuccess) };
        var ran = new List<string>();

        var result = await new WorkflowRunner(store).RunAsync(Workflow(ran), cancellationToken: stop.Token);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(ExecutionStatus.CompletedSuccess, ExecutionStateProjector.Replay((await store.ReadAsync(result.ExecutionId, default))!).Status);
    }

    [Fact]
    public async Task A_run_stopped_before_it_begins_throws_and_creates_no_execution()
    {
        using var root = new TempRoot();
        var ran = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            WorkflowRunner.ForDirectory(root.Path).RunAsync(Workflow(ran), options: new RunOptions { ExecutionId = "exec_never" }, cancellationToken: new CancellationToken(true)));

        Assert.Empty(ran);
        Assert.False(File.Exists(root.Layout.HistoryFile("exec_never")));
        Assert.Empty(await WorkflowRunner.ForDirectory(root.Path).Store.ListAsync(default));
    }

    [Fact]
    public async Task A_run_stopped_while_it_takes_its_lease_throws_creates_no_execution_and_gives_the_lease_up()
    {
        using var stop = new CancellationTokenSource();
        var store = new StoppingStore(stop) { StopWhileBeginning = true };
        var ran = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new WorkflowRunner(store).RunAsync(Workflow(ran), options: new RunOptions { ExecutionId = "exec_stopped_begin" }, cancellationToken: stop.Token));

        Assert.Empty(ran);
        Assert.Equal(0, store.CommitCount);
        Assert.Null(await store.ReadAsync("exec_stopped_begin", default));
        var again = await new WorkflowRunner(store).RunAsync(Workflow(ran), options: new RunOptions { ExecutionId = "exec_stopped_begin" });
        Assert.Equal(ExecutionStatus.CompletedSuccess, again.Status);
    }

    [Fact]
    public async Task A_resume_stopped_before_it_begins_throws_and_leaves_the_history_as_it_was()
    {
        var store = new StoppingStore(new CancellationTokenSource());
        var ran = new List<string>();
        var workflow = TestWorkflow.Create("paused", StepSpec.Sync("approve", (c, _) => { ran.Add("approve"); c.Pause("a person decides"); }));
        var paused = await new WorkflowRunner(store).RunAsync(workflow);
        var before = (await store.ReadAsync(paused.ExecutionId, default))!.Count;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new WorkflowRunner(store).ResumeAsync(workflow, paused.ExecutionId, cancellationToken: new CancellationToken(true)));

        Assert.Equal(before, (await store.ReadAsync(paused.ExecutionId, default))!.Count);
        Assert.Equal(["approve"], ran);
    }

    private static async Task<int> CommitsOfAWholeRunAsync()
    {
        var store = new StoppingStore(new CancellationTokenSource());
        var result = await new WorkflowRunner(store).RunAsync(Workflow([]));
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        return store.CommitCount;
    }

    // The run returned (no exception), and the history agrees with what it returned: PAUSED by the stop, or finished.
    private static async Task AssertPausedOrFinishedAsync(StoppingStore store, ExecutionResult result, string what)
    {
        Assert.True(result.Status is ExecutionStatus.Paused or ExecutionStatus.CompletedSuccess, $"{what}: {result.Status}");
        if (result.Status == ExecutionStatus.Paused) Assert.True(result.Reason?.StartsWith("cancelled", StringComparison.Ordinal), $"{what}: {result.Reason}");
        var state = ExecutionStateProjector.Replay((await store.ReadAsync(result.ExecutionId, default))!);
        Assert.True(result.Status == state.Status, $"{what}: the run returned {result.Status}, the history says {state.Status}");
        Assert.DoesNotContain(state.Steps, s => s.Status == StepStatus.Running);
    }

    private static string Kinds(IReadOnlyList<ExecutionEvent> history) =>
        string.Join(", ", history.Select(r => r.Step is { } step ? $"{r.Kind} {step}/{r.Attempt}" : r.Kind == ExecutionEventKind.StatusChanged ? $"{r.Status}" : r.Kind.ToString()));

    private sealed class ProcessDiedException() : Exception("the process died (simulated)");

    /// <summary>
    /// An in-memory store where a stop lands while a chosen commit is written: the records are written, then the stop's
    /// source is cancelled, then the append honours the token it was given, as a store's flush or a database round trip does.
    /// </summary>
    private sealed class StoppingStore(CancellationTokenSource stop) : IExecutionStore
    {
        private readonly InMemoryExecutionStore _inner = new();

        public int CommitCount { get; private set; }

        public int StopAtCommit { get; set; }

        public Func<IReadOnlyList<ExecutionEvent>, bool>? StopAfter { get; init; }

        public Func<IReadOnlyList<ExecutionEvent>, bool>? DieAfter { get; set; }

        public bool StopWhileBeginning { get; init; }

        public async ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken)
        {
            await _inner.AppendAsync(executionId, records.ToList(), flushToDisk, CancellationToken.None);
            CommitCount++;
            if (DieAfter?.Invoke(records) == true) throw new ProcessDiedException();
            if (CommitCount == StopAtCommit || StopAfter?.Invoke(records) == true) await stop.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        // StopWhileBeginning: the stop lands once the lease is taken (a store that does not look at the token again).
        public async ValueTask<IAsyncDisposable> AcquireLeaseAsync(string executionId, CancellationToken cancellationToken)
        {
            var lease = await _inner.AcquireLeaseAsync(executionId, cancellationToken);
            if (StopWhileBeginning) await stop.CancelAsync();
            return lease;
        }

        public ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken) => _inner.ReserveRunLabelAsync(workflow, now, cancellationToken);

        public ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string executionId, CancellationToken cancellationToken) => _inner.ReadAsync(executionId, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) => _inner.ListAsync(cancellationToken);

        public ValueTask PostSignalAsync(string executionId, PendingSignal signal, CancellationToken cancellationToken) => _inner.PostSignalAsync(executionId, signal, cancellationToken);

        public ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string executionId, CancellationToken cancellationToken) => _inner.ReadPendingSignalsAsync(executionId, cancellationToken);

        public ValueTask RemovePendingSignalsAsync(string executionId, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken) => _inner.RemovePendingSignalsAsync(executionId, signals, cancellationToken);
    }
}

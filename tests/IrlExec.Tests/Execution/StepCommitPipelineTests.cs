using System.Diagnostics;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// The step loop's commits (docs/runtime.md, "Commits"): a step's completion is committed, flushed, together with the next
/// step's start, before the next step's side effects; a pause, failure or end after a step commits its completion without a
/// start; nothing (views, telemetry) sees a step done before the commit that carries its completion has returned; and a
/// process that dies at either side of that commit resumes correctly.
/// </summary>
public sealed class StepCommitPipelineTests
{
    [Fact]
    public async Task A_step_s_completion_is_committed_flushed_with_the_next_step_s_start()
    {
        var store = new RecordingStore();
        var workflow = TestWorkflow.Create("three", StepSpec.Sync("a", (_, _) => { }), StepSpec.Sync("b", (_, _) => { }), StepSpec.Sync("c", (_, _) => { }));

        var result = await new WorkflowRunner(store).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(
        [
            "flushed: ExecutionCreated, StatusChanged, StepStarted 1",
            "flushed: StepCompleted 1, StepStarted 2",
            "flushed: StepCompleted 2, StepStarted 3",
            "flushed: StepCompleted 3, StatusChanged",
        ], store.Commits);
    }

    [Fact]
    public async Task A_stop_between_steps_commits_the_completion_with_the_pause_and_starts_nothing()
    {
        using var stop = new CancellationTokenSource();
        var store = new RecordingStore();
        var workflow = TestWorkflow.Create("drain", StepSpec.Sync("first", (_, _) => stop.Cancel()), StepSpec.Sync("second", (_, _) => { }));

        var result = await new WorkflowRunner(store).RunAsync(workflow, options: new RunOptions { StopRequested = stop.Token });

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal("flushed: StepCompleted 1, StatusChanged", store.Commits[^1]);
        Assert.DoesNotContain(store.Commits, c => c.Contains("StepStarted 2", StringComparison.Ordinal));
        var history = (await store.ReadAsync(result.ExecutionId, default))!;
        Assert.Equal(StepStatus.Completed, ExecutionStateProjector.Replay(history).FindStep(1)!.Status);
    }

    [Fact]
    public async Task A_pause_or_failure_of_the_next_step_follows_the_commit_that_started_it()
    {
        var store = new RecordingStore();
        var workflow = TestWorkflow.Create("pauses", StepSpec.Sync("first", (_, _) => { }), StepSpec.Sync("second", (c, _) => c.Pause("wait for a person")));

        var result = await new WorkflowRunner(store).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal(["flushed: StepCompleted 1, StepStarted 2", "flushed: StepPaused 2, StatusChanged"], store.Commits[^2..]);
    }

    [Fact]
    public async Task A_retried_attempt_starts_after_the_failed_one_is_committed()
    {
        var store = new RecordingStore();
        var attempts = 0;
        var workflow = TestWorkflow.Create("retry", StepSpec.Sync("first", (_, _) => { }),
            StepSpec.Sync("flaky", (_, _) => { if (++attempts == 1) throw new InvalidOperationException("boom"); }) with { MaxAttempts = 2 });

        var result = await new WorkflowRunner(store).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(["flushed: StepCompleted 1, StepStarted 2", "StepFailed 2", "StepStarted 2", "flushed: StepCompleted 2, StatusChanged"], store.Commits[^4..]);
    }

    [Fact]
    public async Task A_step_that_takes_signals_reads_them_after_the_previous_completion_is_committed()
    {
        var store = new RecordingStore { FailSignalReads = true };
        var workflow = TestWorkflow.Create("signals", StepSpec.Sync("first", (_, _) => { }), StepSpec.Sync("approve", (_, _) => { }) with { Signals = ["approval"] });

        await Assert.ThrowsAsync<IOException>(() => new WorkflowRunner(store).RunAsync(workflow));

        var id = Assert.Single(await store.ListAsync(default));
        var history = (await store.ReadAsync(id, default))!;
        Assert.Equal(StepStatus.Completed, ExecutionStateProjector.Replay(history).FindStep(1)!.Status);
        Assert.Equal("flushed: StepCompleted 1", store.Commits[^1]);
    }

    [Fact]
    public async Task A_process_dying_before_the_commit_that_carries_a_completion_runs_that_step_again_on_resume()
    {
        var store = new RecordingStore { DieBefore = records => records.Any(r => r.Kind == ExecutionEventKind.StepCompleted && r.Step == 1) };
        var effects = new List<string>();
        var workflow = TestWorkflow.Create("die", StepSpec.Sync("first", (c, _) => effects.Add("first")), StepSpec.Sync("second", (c, _) => effects.Add("second")));

        await Assert.ThrowsAsync<ProcessDiedException>(() => new WorkflowRunner(store).RunAsync(workflow));
        store.DieBefore = null;
        var id = Assert.Single(await store.ListAsync(default));
        var result = await new WorkflowRunner(store).ResumeAsync(workflow, id);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        // Its completion never reached the history, and neither did the next step's start: the step runs again, the next once.
        Assert.Equal(["first", "first", "second"], effects);
        Assert.Equal(2, result.State.FindStep(1)!.Attempts);
        Assert.Equal(1, result.State.FindStep(2)!.Attempts);
    }

    [Fact]
    public async Task A_step_whose_process_dies_after_the_commit_that_started_it_counts_that_attempt_and_the_previous_step_stays_done()
    {
        // A poison step: its attempt kills the process once its start (with the previous step's completion) is committed.
        var store = new RecordingStore { DieAfter = records => records.Any(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 2) };
        var effects = new List<string>();
        var workflow = TestWorkflow.Create("poison", StepSpec.Sync("first", (c, _) => effects.Add("first")), StepSpec.Sync("second", (c, _) => effects.Add("second")));

        await Assert.ThrowsAsync<ProcessDiedException>(() => new WorkflowRunner(store).RunAsync(workflow));
        var id = Assert.Single(await store.ListAsync(default));
        await Assert.ThrowsAsync<ProcessDiedException>(() => new WorkflowRunner(store).ResumeAsync(workflow, id));
        store.DieAfter = null;
        var result = await new WorkflowRunner(store).ResumeAsync(workflow, id);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(["first", "second"], effects);
        Assert.Equal(1, result.State.FindStep(1)!.Attempts);
        // Two attempts died with their process; each is in the history, recorded as interrupted by the resume that followed.
        Assert.Equal(3, result.State.FindStep(2)!.Attempts);
        var history = (await store.ReadAsync(id, default))!;
        Assert.Equal([1, 2], history.Where(r => r.Kind == ExecutionEventKind.StepFailed && r.Step == 2).Select(r => r.Attempt ?? 0));
        Assert.All(history.Where(r => r.Kind == ExecutionEventKind.StepFailed), r => Assert.StartsWith("interrupted", r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_views_and_the_telemetry_see_a_step_done_only_once_its_completion_is_in_the_history()
    {
        var store = new RecordingStore();
        var seenBeforeStored = new List<string>();
        var observer = new CheckingObserver(store, seenBeforeStored);
        var events = new List<(string Event, Activity Activity, bool Stored)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == IrlExecDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a =>
            {
                if (a.OperationName == "irlexec.step") lock (events) events.Add(("start", a, false));
            },
            ActivityStopped = a =>
            {
                if (a.OperationName != "irlexec.step" || !Equals(a.GetTagItem("irlexec.workflow"), "observed-pipeline")) return;
                var step = (int)a.GetTagItem("irlexec.step")!;
                var id = (string)a.GetTagItem("irlexec.execution_id")!;
                var stored = store.ReadAsync(id, default).Result!.Any(r => r.Kind == ExecutionEventKind.StepCompleted && r.Step == step);
                lock (events) events.Add(("stop", a, stored));
            },
        };
        ActivitySource.AddActivityListener(listener);
        var workflow = TestWorkflow.Create("observed-pipeline", StepSpec.Sync("a", (_, _) => { }), StepSpec.Sync("b", (_, _) => { }));

        var result = await new WorkflowRunner(store, [observer]).RunAsync(workflow, options: new RunOptions { WaitForViews = true });

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Empty(seenBeforeStored);
        // (Tags are set after an activity starts: the starts are told apart once the run is over.)
        var ours = events.Where(e => Equals(e.Activity.GetTagItem("irlexec.workflow"), "observed-pipeline")).ToList();
        Assert.Equal(["start 1", "stop 1 (in the history)", "start 2", "stop 2 (in the history)"],
            ours.Select(e => $"{e.Event} {e.Activity.GetTagItem("irlexec.step")}" + (e.Event == "stop" ? (e.Stored ? " (in the history)" : " (not in the history)") : "")));
        Assert.True(observer.SawCompletion);
    }

    [Fact]
    public async Task A_secret_published_by_a_step_is_masked_in_the_next_step_s_start_committed_with_it()
    {
        var store = new RecordingStore();
        var workflow = TestWorkflow.Create("secret",
            StepSpec.Sync("mint", (_, o) => o["token"] = "tok-9f8e7d6c5b") with { Outputs = ["token"], SecretOutputs = ["token"] },
            StepSpec.Sync("use", (c, _) => c.Log("using the token")) with { Inputs = [("auth", "Bearer {{token}}")] });

        var result = await new WorkflowRunner(store).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Contains("flushed: VariableSet, StepCompleted 1, StepStarted 2", store.Commits);
        var history = (await store.ReadAsync(result.ExecutionId, default))!;
        var start = Assert.Single(history, r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 2);
        Assert.Equal(SecretRedactor.Mask, Assert.Single(start.Values!).Value);
        Assert.DoesNotContain(history, r => HistoryText(r).Contains("tok-9f8e7d6c5b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_execution_is_created_in_one_flushed_commit_with_its_first_step_s_start_before_OnStarted_and_the_step()
    {
        var store = new RecordingStore();
        var order = new List<string>();
        var workflow = TestWorkflow.Create("created", StepSpec.Sync("a", (_, _) => order.Add("step a runs")));

        var result = await new WorkflowRunner(store).RunAsync(workflow, options: new RunOptions
        {
            OnStarted = id => order.Add("started: " + string.Join(" | ", store.Commits)),
        });

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(["started: flushed: ExecutionCreated, StatusChanged, StepStarted 1", "step a runs"], order);
    }

    [Fact]
    public async Task A_new_execution_stopped_before_its_first_step_is_created_with_its_pause()
    {
        var store = new RecordingStore();
        var started = new List<string>();
        var workflow = TestWorkflow.Create("stopped-first", StepSpec.Sync("a", (_, _) => throw new InvalidOperationException("must not run")));

        var result = await new WorkflowRunner(store).RunAsync(workflow, options: new RunOptions { StopRequested = new CancellationToken(true), OnStarted = started.Add });

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal(["flushed: ExecutionCreated, StatusChanged, StatusChanged"], store.Commits);
        Assert.Equal([result.ExecutionId], started);
        var history = (await store.ReadAsync(result.ExecutionId, default))!;
        Assert.Equal(ExecutionStatus.Paused, ExecutionStateProjector.Replay(history).Status);
    }

    [Fact]
    public async Task A_process_that_dies_before_the_first_commit_leaves_no_execution_and_one_after_it_leaves_step_one_interrupted()
    {
        var before = new RecordingStore { DieBefore = records => records.Any(r => r.Kind == ExecutionEventKind.ExecutionCreated) };
        var workflow = TestWorkflow.Create("first-commit", StepSpec.Sync("a", (_, _) => { }));
        await Assert.ThrowsAsync<ProcessDiedException>(() => new WorkflowRunner(before).RunAsync(workflow, options: new RunOptions { ExecutionId = "exec_first_1" }));
        Assert.Null(await before.ReadAsync("exec_first_1", default));

        var after = new RecordingStore { DieAfter = records => records.Any(r => r.Kind == ExecutionEventKind.ExecutionCreated) };
        await Assert.ThrowsAsync<ProcessDiedException>(() => new WorkflowRunner(after).RunAsync(workflow, options: new RunOptions { ExecutionId = "exec_first_2" }));
        after.DieAfter = null;
        var resumed = await new WorkflowRunner(after).ResumeAsync(workflow, "exec_first_2");

        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
        var history = (await after.ReadAsync("exec_first_2", default))!;
        Assert.Equal([1, 2], history.Where(r => r.Kind == ExecutionEventKind.StepStarted).Select(r => r.Attempt));
        Assert.Contains(history, r => r.Kind == ExecutionEventKind.StepFailed && r.Attempt == 1 && r.Message!.StartsWith("interrupted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_start_with_the_id_of_an_execution_that_exists_is_refused_on_the_filesystem_root()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path);
        var workflow = TestWorkflow.Create("exists", StepSpec.Sync("a", (_, _) => { }));
        await runner.RunAsync(workflow, options: new RunOptions { ExecutionId = "exec_exists_fs" });
        var history = File.ReadAllText(root.Layout.HistoryFile("exec_exists_fs"));

        var refused = await Assert.ThrowsAsync<ExecutionExistsException>(() => runner.RunAsync(workflow, options: new RunOptions { ExecutionId = "exec_exists_fs" }));

        Assert.Equal("exec_exists_fs", refused.ExecutionId);
        Assert.Equal(history, File.ReadAllText(root.Layout.HistoryFile("exec_exists_fs")));
        // Its lease was given up: the execution can be taken again.
        await using var lease = await runner.Store.AcquireLeaseAsync("exec_exists_fs", default);
    }

    private static string HistoryText(ExecutionEvent record)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        HistoryCodec.Encode(record, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class ProcessDiedException() : Exception("the process died (simulated)");

    // Every view batch must already be in the history when the views get it.
    private sealed class CheckingObserver(RecordingStore store, List<string> seenBeforeStored) : IExecutionObserver
    {
        public bool SawCompletion { get; private set; }

        public async ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            var history = (await store.ReadAsync(state.ExecutionId, cancellationToken))!;
            foreach (var record in records)
            {
                if (!history.Any(h => h.Sequence == record.Sequence)) seenBeforeStored.Add($"{record.Kind} {record.Sequence}");
                SawCompletion |= record.Kind == ExecutionEventKind.StepCompleted;
            }
        }
    }

    // An in-memory store that writes down each commit ("flushed: " when flushed, then its records' kinds, with the step
    // of step records), and can play a process dying just before or just after a chosen commit.
    private sealed class RecordingStore : IExecutionStore
    {
        private readonly InMemoryExecutionStore _inner = new();

        public List<string> Commits { get; } = [];

        public Func<IReadOnlyList<ExecutionEvent>, bool>? DieBefore { get; set; }

        public Func<IReadOnlyList<ExecutionEvent>, bool>? DieAfter { get; set; }

        public bool FailSignalReads { get; init; }

        public ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken) => _inner.ReserveRunLabelAsync(workflow, now, cancellationToken);

        public async ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken)
        {
            if (DieBefore?.Invoke(records) == true) throw new ProcessDiedException();
            await _inner.AppendAsync(executionId, records.ToList(), flushToDisk, cancellationToken);
            lock (Commits)
            {
                Commits.Add((flushToDisk ? "flushed: " : "") + string.Join(", ", Collapse(records)));
            }
            if (DieAfter?.Invoke(records) == true) throw new ProcessDiedException();
        }

        // Consecutive records of one kind (a creation's variables) read as one.
        private static IEnumerable<string> Collapse(IReadOnlyList<ExecutionEvent> records)
        {
            string? last = null;
            foreach (var record in records)
            {
                var text = record.Kind is ExecutionEventKind.StepStarted or ExecutionEventKind.StepCompleted or ExecutionEventKind.StepFailed or ExecutionEventKind.StepPaused
                    ? $"{record.Kind} {record.Step}"
                    : record.Kind.ToString();
                if (text == last && record.Kind == ExecutionEventKind.VariableSet) continue;
                if (record.Kind is ExecutionEventKind.LogWritten) continue;
                last = text;
                yield return text;
            }
        }

        public ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string executionId, CancellationToken cancellationToken) => _inner.ReadAsync(executionId, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) => _inner.ListAsync(cancellationToken);

        public ValueTask<IAsyncDisposable> AcquireLeaseAsync(string executionId, CancellationToken cancellationToken) => _inner.AcquireLeaseAsync(executionId, cancellationToken);

        public ValueTask PostSignalAsync(string executionId, PendingSignal signal, CancellationToken cancellationToken) => _inner.PostSignalAsync(executionId, signal, cancellationToken);

        public ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string executionId, CancellationToken cancellationToken) =>
            FailSignalReads && _inner.ReadAsync(executionId, default).Result!.Any(r => r.Kind == ExecutionEventKind.StepStarted)
                ? throw new IOException("the signal inbox cannot be read (simulated)")
                : _inner.ReadPendingSignalsAsync(executionId, cancellationToken);

        public ValueTask RemovePendingSignalsAsync(string executionId, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken) => _inner.RemovePendingSignalsAsync(executionId, signals, cancellationToken);
    }
}

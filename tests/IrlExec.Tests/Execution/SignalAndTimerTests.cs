using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>Signals and durable timers: history events like any other, shown in the files, woken by a resume.</summary>
public sealed class SignalAndTimerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    // Step 1 pauses until the variable "go" is given; step 2 waits for the "approval" signal and publishes its payload.
    private static WorkflowDefinition Release(List<string>? seen = null) => TestWorkflow.Create("release",
        StepSpec.Sync("build", (c, o) =>
        {
            if (!c.Variables.Contains("go")) { c.Pause("hold"); return; }
            o["artifact"] = "app-1.4.2";
        }) with { Outputs = ["artifact"] },
        StepSpec.Sync("await-approval", (c, o) =>
        {
            if (c.WaitForSignal("approval")) return;
            Assert.True(c.TryGetSignal("approval", JsonTypes.String, out var approver));
            seen?.Add(approver);
            o["approved_by"] = approver;
        }) with { Outputs = ["approved_by"], Signals = ["approval"] });

    private static VariableStore Go()
    {
        var variables = new VariableStore();
        variables.Set("go", "yes");
        return variables;
    }

    [Fact]
    public async Task A_step_waiting_for_a_signal_pauses_and_the_execution_names_the_signal()
    {
        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(Release(), Go());

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal("waiting for signal 'approval'", result.Reason);
        Assert.Equal("approval", result.State.WaitingForSignal);
        Assert.Equal(StepStatus.Paused, result.State.FindStep(2)!.Status);
        Assert.Equal(0, result.Metrics.FailedAttempts);
    }

    [Fact]
    public async Task A_signal_is_recorded_in_the_history_and_its_payload_reaches_the_next_attempt()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var seen = new List<string>();
        var paused = await runner.RunAsync(Release(seen), Go());

        var delivery = await runner.SignalAsync(paused.ExecutionId, "approval", "\"human:samson\"", sender: "human:samson");
        var history = await store.ReadAsync(paused.ExecutionId, default);
        var done = await runner.ResumeAsync(Release(seen), paused.ExecutionId);

        Assert.Equal(SignalDelivery.Recorded, delivery);
        var record = Assert.Single(history!, r => r.Kind == ExecutionEventKind.SignalReceived);
        Assert.Equal("approval", record.Name);
        Assert.Equal("\"human:samson\"", record.Value);
        Assert.Equal("human:samson", record.Actor);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(["human:samson"], seen);
        Assert.Contains(done.State.Variables, v => v.Name == "approved_by" && v.Json == "\"human:samson\"");
    }

    [Fact]
    public async Task A_signal_sent_before_the_step_waits_is_kept_and_the_step_does_not_wait()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await runner.RunAsync(Release()); // paused in step 1, long before step 2 waits

        await runner.SignalAsync(paused.ExecutionId, "approval", "\"early-bird\"");
        var done = await runner.ResumeAsync(Release(), paused.ExecutionId, Go());

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(1, done.State.FindStep(2)!.Attempts);
        Assert.Contains(done.State.Variables, v => v.Name == "approved_by" && v.Json == "\"early-bird\"");
    }

    [Fact]
    public async Task A_signal_sent_while_the_execution_runs_is_queued_and_recorded_by_its_runner()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var other = new WorkflowRunner(store);
        SignalDelivery? delivery = null;
        var workflow = TestWorkflow.Create("queued",
            new StepSpec("first", async (c, _) => delivery = await other.SignalAsync(c.ExecutionId, "approval", "\"while running\"")),
            StepSpec.Sync("second", (c, o) =>
            {
                if (c.WaitForSignal("approval")) return;
                c.TryGetSignal("approval", JsonTypes.String, out var text);
                o["got"] = text;
            }) with { Outputs = ["got"], Signals = ["approval"] });

        var done = await runner.RunAsync(workflow);

        Assert.Equal(SignalDelivery.Queued, delivery);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Contains(done.State.Variables, v => v.Name == "got" && v.Json == "\"while running\"");
        Assert.Empty(await store.ReadPendingSignalsAsync(done.ExecutionId, default));
    }

    [Fact]
    public async Task A_signal_posted_while_the_step_decides_to_wait_lets_the_run_carry_on()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var other = new WorkflowRunner(store);
        var workflow = TestWorkflow.Create("race",
            new StepSpec("wait", async (c, o) =>
            {
                if (c.Attempt == 1) await other.SignalAsync(c.ExecutionId, "go", "1"); // lands after this attempt looked
                if (c.WaitForSignal("go")) return;
                o["done"] = "yes";
            }) with { Outputs = ["done"], Signals = ["go"] });

        var result = await runner.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(2, result.State.FindStep(1)!.Attempts);
    }

    [Fact]
    public async Task An_unknown_signal_is_refused_with_the_names_the_execution_takes()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await runner.RunAsync(Release(), Go());

        var error = await Assert.ThrowsAsync<UnknownSignalException>(() => runner.SignalAsync(paused.ExecutionId, "aproval", "true"));

        Assert.Equal(["approval"], error.Accepted);
        Assert.Contains("it takes: approval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signal_to_a_finished_execution_is_refused()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await runner.RunAsync(Release(), Go());
        await runner.SignalAsync(paused.ExecutionId, "approval", "\"a\"");
        var done = await runner.ResumeAsync(Release(), paused.ExecutionId);

        var error = await Assert.ThrowsAsync<WorkflowException>(() => runner.SignalAsync(done.ExecutionId, "approval", "\"b\""));

        Assert.Contains("COMPLETED_SUCCESS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payload_that_is_not_json_is_refused_before_anything_is_kept()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var paused = await runner.RunAsync(Release(), Go());

        await Assert.ThrowsAsync<WorkflowException>(() => runner.SignalAsync(paused.ExecutionId, "approval", "not json"));

        Assert.Empty(await store.ReadPendingSignalsAsync(paused.ExecutionId, default));
    }

    [Fact]
    public async Task Waiting_for_a_signal_the_plan_does_not_declare_fails_the_step_with_a_clear_error()
    {
        var workflow = TestWorkflow.Create("undeclared", StepSpec.Sync("wait", (c, _) => c.WaitForSignal("approval")));

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow);

        Assert.Contains("uses signal 'approval', which its plan does not declare", result.State.FindStep(1)!.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_files_show_the_awaited_and_the_received_signals_and_read_back_the_same()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        var paused = await runner.RunAsync(Release(), Go());
        var waiting = File.ReadAllText(root.Layout.MarkdownFile(paused.ExecutionId));

        await runner.SignalAsync(paused.ExecutionId, "approval", "{\"by\":\"samson\",\"note\":\"ship it\"}", "human:samson");
        var signalled = File.ReadAllText(root.Layout.MarkdownFile(paused.ExecutionId));
        var log = File.ReadAllText(root.Layout.LogFile(paused.State.RunLabel));

        Assert.Contains("- **waiting_for_signal**: approval", waiting, StringComparison.Ordinal);
        Assert.Contains("## Signals", signalled, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"approval\"", signalled, StringComparison.Ordinal);
        Assert.Contains("[INFO] [release] [signal] Signal 'approval' received from human:samson: {\"by\":\"samson\",\"note\":\"ship it\"}", log, StringComparison.Ordinal);
        var parsed = ExecutionStateMarkdownParser.Parse(signalled);
        var signal = Assert.Single(parsed.Signals);
        Assert.Equal("approval", signal.Name);
        Assert.Equal("{\"by\":\"samson\",\"note\":\"ship it\"}", signal.Json);
        Assert.Equal("approval", parsed.WaitingForSignal);
    }

    [Fact]
    public async Task A_signal_posted_to_a_file_root_survives_until_a_runner_records_it()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        var paused = await runner.RunAsync(Release(), Go());
        var store = new FileSystemExecutionStore(root.Layout);
        await store.PostSignalAsync(paused.ExecutionId, new PendingSignal { Id = "s1", Name = "approval", Json = "\"posted\"", SentAt = Start }, default);

        var done = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).ResumeAsync(Release(), paused.ExecutionId);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Contains(done.State.Variables, v => v.Name == "approved_by" && v.Json == "\"posted\"");
        Assert.False(Directory.EnumerateFiles(root.Layout.SignalsDirectory(paused.ExecutionId)).Any());
    }

    [Fact]
    public async Task A_signal_recorded_before_a_crash_kept_its_file_is_not_recorded_twice()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var paused = await runner.RunAsync(Release(), Go());
        var signal = new PendingSignal { Id = "same", Name = "approval", Json = "\"once\"", SentAt = Start };
        await store.PostSignalAsync(paused.ExecutionId, signal, default);
        await runner.SignalAsync(paused.ExecutionId, "approval", "\"once\""); // records "same" and its own
        await store.PostSignalAsync(paused.ExecutionId, signal, default); // as if its file had survived a crash

        var done = await runner.ResumeAsync(Release(), paused.ExecutionId);

        Assert.Equal(1, done.State.Signals.Count(s => s.Id == "same"));
    }

    [Fact]
    public async Task A_timer_pauses_the_step_until_it_is_due_and_a_resume_before_then_waits_again()
    {
        var clock = new ManualClock(Start);
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), timeProvider: clock);
        var workflow = TestWorkflow.Create("cool-down", StepSpec.Sync("wait", (c, o) =>
        {
            if (c.PauseFor(TimeSpan.FromHours(1), "cooling down")) return;
            o["woken"] = "yes";
        }) with { Outputs = ["woken"] });

        var paused = await runner.RunAsync(workflow);
        clock.Advance(TimeSpan.FromMinutes(30));
        var early = await runner.ResumeAsync(workflow, paused.ExecutionId);
        clock.Advance(TimeSpan.FromMinutes(31));
        var done = await runner.ResumeAsync(workflow, paused.ExecutionId);

        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        Assert.Equal(Start.AddHours(1), paused.State.WakeAt);
        Assert.Equal(ExecutionStatus.Paused, early.Status);
        Assert.Equal(Start.AddHours(1), early.State.WakeAt); // the same timer, not an hour from the early resume
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Null(done.State.WakeAt);
    }

    [Fact]
    public async Task The_timer_is_in_the_history_the_log_and_the_markdown()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        var due = Start.AddMinutes(5);
        var workflow = TestWorkflow.Create("later", StepSpec.Sync("wait", (c, _) => c.PauseUntil(due)));

        var paused = await runner.RunAsync(workflow);

        var history = await runner.Store.ReadAsync(paused.ExecutionId, default);
        Assert.Equal(due, Assert.Single(history!, r => r.Kind == ExecutionEventKind.StepPaused).WakeAt);
        Assert.Contains("[wakes at 2026-03-01T09:05:00Z]", File.ReadAllText(root.Layout.LogFile(paused.State.RunLabel)), StringComparison.Ordinal);
        var markdown = File.ReadAllText(root.Layout.MarkdownFile(paused.ExecutionId));
        Assert.Contains("- **wake_at**: 2026-03-01T09:05:00Z", markdown, StringComparison.Ordinal);
        Assert.Equal(due, ExecutionStateMarkdownParser.Parse(markdown).WakeAt);
    }

    [Fact]
    public async Task A_time_already_past_does_not_pause()
    {
        var result = await new WorkflowRunner(new InMemoryExecutionStore(), timeProvider: new ManualClock(Start))
            .RunAsync(TestWorkflow.Create("past", StepSpec.Sync("wait", (c, o) => o["paused"] = c.PauseUntil(Start.AddSeconds(-1)).ToString()) with { Outputs = ["paused"] }));

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Contains(result.State.Variables, v => v.Name == "paused" && v.Json == "\"False\"");
    }
    // Waits for "approval" for at most an hour; publishes who approved, or "nobody" once the hour is over.
    private static WorkflowDefinition ApprovalWithDeadline() => TestWorkflow.Create("deadline",
        StepSpec.Sync("await-approval", (c, o) =>
        {
            if (c.WaitForSignal("approval", Start.AddHours(1))) return;
            o["approved_by"] = c.TryGetSignal("approval", JsonTypes.String, out var by) ? by : "nobody";
        }) with { Outputs = ["approved_by"], Signals = ["approval"] });

    [Fact]
    public async Task A_wait_for_a_signal_with_a_deadline_records_both_the_signal_and_the_timer()
    {
        var result = await new WorkflowRunner(new InMemoryExecutionStore(), timeProvider: new ManualClock(Start)).RunAsync(ApprovalWithDeadline());

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal("waiting for signal 'approval' until 2026-03-01T10:00:00Z", result.Reason);
        Assert.Equal("approval", result.State.WaitingForSignal);
        Assert.Equal(Start.AddHours(1), result.State.WakeAt);
    }

    [Fact]
    public async Task A_wait_for_a_signal_with_a_deadline_ends_when_the_signal_comes_first()
    {
        var clock = new ManualClock(Start);
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), timeProvider: clock);
        var paused = await runner.RunAsync(ApprovalWithDeadline());

        clock.Advance(TimeSpan.FromMinutes(10));
        await runner.SignalAsync(paused.ExecutionId, "approval", "\"samson\"");
        var done = await runner.ResumeAsync(ApprovalWithDeadline(), paused.ExecutionId);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Contains(done.State.Variables, v => v.Name == "approved_by" && v.Json == "\"samson\"");
    }

    [Fact]
    public async Task A_wait_for_a_signal_with_a_deadline_ends_without_it_once_the_time_has_come()
    {
        var clock = new ManualClock(Start);
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), timeProvider: clock);
        var paused = await runner.RunAsync(ApprovalWithDeadline());

        clock.Advance(TimeSpan.FromMinutes(30));
        var early = await runner.ResumeAsync(ApprovalWithDeadline(), paused.ExecutionId);
        clock.Advance(TimeSpan.FromMinutes(31));
        var done = await runner.ResumeAsync(ApprovalWithDeadline(), paused.ExecutionId);

        Assert.Equal(ExecutionStatus.Paused, early.Status);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Contains(done.State.Variables, v => v.Name == "approved_by" && v.Json == "\"nobody\"");
        Assert.Null(done.State.WaitingForSignal);
        Assert.Null(done.State.WakeAt);
    }

    [Fact]
    public async Task A_step_reads_the_time_from_the_runners_clock()
    {
        DateTimeOffset? seen = null;
        await new WorkflowRunner(new InMemoryExecutionStore(), timeProvider: new ManualClock(Start))
            .RunAsync(TestWorkflow.Create("clock", StepSpec.Sync("now", (c, _) => seen = c.Now)));

        Assert.Equal(Start, seen);
    }
}

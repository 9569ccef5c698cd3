using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

public class RunnerTests
{
    private static readonly WorkflowRunner Memory = new(new InMemoryExecutionStore());

    [Fact]
    public async Task Steps_run_in_order_and_the_execution_completes_successfully()
    {
        var order = new List<string>();
        var workflow = TestWorkflow.Create("ordered",
            StepSpec.Sync("first", (_, _) => order.Add("first")),
            StepSpec.Sync("second", (_, _) => order.Add("second")),
            StepSpec.Sync("third", (_, _) => order.Add("third")));

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(["first", "second", "third"], order);
        Assert.All(result.State.Steps, s => Assert.Equal(StepStatus.Completed, s.Status));
        Assert.Equal([ExecutionStatus.InProgress, ExecutionStatus.CompletedSuccess], result.State.Training.StateTransitions.Select(t => t.To));
    }

    [Fact]
    public async Task An_output_of_step_1_is_the_input_of_step_2_through_its_reference()
    {
        string? seen = null;
        var workflow = TestWorkflow.Create("propagate",
            StepSpec.Sync("produce", (_, o) => o["output_of_step_1"] = "42 widgets") with { Outputs = ["output_of_step_1"] },
            StepSpec.Sync("consume", (c, _) => seen = c.Variables.Render("got {{output_of_step_1}}")) with { Inputs = [("count", "{{output_of_step_1}}")] });

        var result = await Memory.RunAsync(workflow);

        Assert.Equal("got 42 widgets", seen);
        Assert.Equal("42 widgets", result.State.ExecutionLog.Single(r => r.Step == 2).RealInputs.Single().Value);
        Assert.Contains(result.State.Variables, v => v.Name == "output_of_step_1" && v.Json == "\"42 widgets\"");
    }

    [Fact]
    public async Task An_unknown_variable_in_an_input_reference_fails_the_step_naming_the_variable()
    {
        var ran = false;
        var workflow = TestWorkflow.Create("unknown-var",
            StepSpec.Sync("consume", (_, _) => ran = true) with { Inputs = [("x", "{{no_such_thing}}")] });

        var result = await Memory.RunAsync(workflow);

        Assert.False(ran);
        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Contains("{{no_such_thing}}", result.Reason);
        Assert.Contains("no_such_thing", result.State.Steps[0].LastError);
    }

    [Fact]
    public async Task The_goal_template_is_rendered_from_the_initial_variables()
    {
        var workflow = TestWorkflow.Create("goal", "Approve incidents for {{integration}}", [], StepSpec.Sync("a", (_, _) => { }));
        var variables = new VariableStore();
        variables.Set("integration", "finance");

        var result = await Memory.RunAsync(workflow, variables);

        Assert.Equal("Approve incidents for finance", result.State.Goal);
    }

    [Fact]
    public async Task A_missing_required_variable_is_refused_before_anything_is_written()
    {
        var store = new InMemoryExecutionStore();
        var workflow = TestWorkflow.Create("needs", "", [new VariablePlan { Name = "integration", IsRequired = true }], StepSpec.Sync("a", (_, _) => { }));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new WorkflowRunner(store).RunAsync(workflow));

        Assert.Contains("'integration'", error.Message);
        Assert.Empty(await store.ListAsync(default));
    }

    [Fact]
    public async Task Simulation_does_not_execute_steps_and_uses_simulated_outputs_and_estimates()
    {
        var executed = false;
        var workflow = TestWorkflow.Create("simulate",
            new StepSpec("real", (_, _) => { executed = true; return ValueTask.CompletedTask; })
            {
                Outputs = ["answer"],
                Simulate = (_, o) => { o["answer"] = "simulated"; return ValueTask.CompletedTask; },
                EstimatedCost = 0.25m,
                EstimatedSeconds = 3,
            },
            StepSpec.Sync("no-simulation", (_, _) => executed = true) with { EstimatedCost = 0.5m, EstimatedSeconds = 2 });

        var result = await Memory.SimulateAsync(workflow);

        Assert.False(executed);
        Assert.Equal(ExecutionMode.Simulation, result.Mode);
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Contains(result.State.Variables, v => v.Name == "answer" && v.Json == "\"simulated\"");
        Assert.Equal(0.75m, result.Metrics.ActualCost);
        Assert.Equal(0.75m, result.Metrics.EstimatedCost);
        Assert.Equal(5, result.Metrics.ActualSeconds);
    }

    [Fact]
    public async Task Simulation_runs_a_step_whose_plan_says_it_runs_in_simulation_and_its_output_flows_on()
    {
        string? seen = null;
        var workflow = TestWorkflow.Create("simulate-for-real",
            StepSpec.Sync("lookup", (_, o) => o["account"] = "acct-42") with { Outputs = ["account"], RunsInSimulation = true, EstimatedCost = 0.1m, EstimatedSeconds = 4 },
            StepSpec.Sync("create", (c, _) => seen = c.Variables.GetString("account")) with { Simulate = (c, _) => { seen = c.Variables.GetString("account"); return ValueTask.CompletedTask; } });

        var result = await Memory.SimulateAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal("acct-42", seen);
        // Still a simulation: the step's cost and time are its estimates.
        Assert.Equal(0.1m, result.State.ExecutionLog[0].ActualCost);
        Assert.Equal(4, result.State.ExecutionLog[0].ActualSeconds);
    }

    [Fact]
    public async Task A_failing_step_is_retried_up_to_its_attempts_and_then_completes()
    {
        var calls = 0;
        var workflow = TestWorkflow.Create("retry",
            StepSpec.Sync("flaky", (_, _) => { if (++calls < 3) throw new IOException("disk busy"); }) with { MaxAttempts = 3 });

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(3, calls);
        Assert.Equal(3, result.State.Steps[0].Attempts);
        Assert.Equal(["IOException: disk busy", "IOException: disk busy", null], result.State.ExecutionLog.Select(r => r.Errors));
    }

    [Fact]
    public async Task A_step_out_of_attempts_pauses_the_execution_by_default_and_keeps_its_outputs_unpublished()
    {
        var workflow = TestWorkflow.Create("isolate",
            StepSpec.Sync("ok", (_, o) => o["kept"] = "yes") with { Outputs = ["kept"] },
            StepSpec.Sync("boom", (_, o) => { o["partial"] = "half"; throw new InvalidOperationException("exploded"); }) with { Outputs = ["partial"] });

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal("step 2 (boom) failed: InvalidOperationException: exploded", result.Reason);
        Assert.Equal(StepStatus.Completed, result.State.Steps[0].Status);
        Assert.Equal(StepStatus.Failed, result.State.Steps[1].Status);
        Assert.Equal(["kept"], result.State.Variables.Select(v => v.Name));
    }

    [Fact]
    public async Task The_fail_policy_ends_the_execution_as_completed_failure()
    {
        var workflow = TestWorkflow.Create("fail-policy", StepSpec.Sync("boom", (_, _) => throw new InvalidOperationException("no")));

        var result = await Memory.RunAsync(workflow, options: new RunOptions { OnStepFailure = StepFailurePolicy.FailExecution });

        Assert.Equal(ExecutionStatus.CompletedFailure, result.Status);
    }

    [Fact]
    public async Task Resume_continues_from_the_first_step_not_completed_without_rerunning_completed_steps()
    {
        var store = new InMemoryExecutionStore();
        var runs = new Dictionary<string, int>();
        var broken = true;
        var workflow = TestWorkflow.Create("resume",
            StepSpec.Sync("one", (_, o) => { runs["one"] = runs.GetValueOrDefault("one") + 1; o["a"] = "1"; }) with { Outputs = ["a"] },
            StepSpec.Sync("two", (c, o) => { runs["two"] = runs.GetValueOrDefault("two") + 1; if (broken) throw new IOException("down"); o["b"] = c.Variables.GetString("a") + "2"; }) with { Outputs = ["b"] },
            StepSpec.Sync("three", (c, _) => runs["three"] = runs.GetValueOrDefault("three") + 1));
        var runner = new WorkflowRunner(store);
        var first = await runner.RunAsync(workflow);
        Assert.Equal(ExecutionStatus.Paused, first.Status);

        broken = false;
        var resumed = await runner.ResumeAsync(workflow, first.ExecutionId);

        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
        Assert.Equal(new Dictionary<string, int> { ["one"] = 1, ["two"] = 2, ["three"] = 1 }, runs);
        Assert.Contains(resumed.State.Variables, v => v.Name == "b" && v.Json == "\"12\"");
        Assert.Equal(
            [ExecutionStatus.InProgress, ExecutionStatus.Paused, ExecutionStatus.Resumed, ExecutionStatus.CompletedSuccess],
            resumed.State.Training.StateTransitions.Select(t => t.To));
    }

    [Fact]
    public async Task A_step_that_asks_to_pause_pauses_the_execution_and_runs_again_on_resume()
    {
        var store = new InMemoryExecutionStore();
        var attempts = new List<(int Attempt, bool Resumed)>();
        var workflow = TestWorkflow.Create("approval",
            StepSpec.Sync("await-approval", (c, o) =>
            {
                attempts.Add((c.Attempt, c.IsResumed));
                if (!c.Variables.Contains("approved_by")) { c.Pause("waiting for a human approval"); return; }
                o["decision"] = "approved by " + c.Variables.GetString("approved_by");
            }) with { Outputs = ["decision"] });
        var runner = new WorkflowRunner(store);

        var paused = await runner.RunAsync(workflow);
        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        Assert.Equal("waiting for a human approval", paused.Reason);
        Assert.Empty(paused.State.Variables);

        var approval = new VariableStore();
        approval.Set("approved_by", "human:samson");
        var done = await runner.ResumeAsync(workflow, paused.ExecutionId, approval);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal([(1, false), (2, true)], attempts);
        Assert.Contains(done.State.Variables, v => v.Name == "decision" && v.Json == "\"approved by human:samson\"");
    }

    [Fact]
    public async Task A_step_that_fails_for_good_ends_the_execution_without_retry()
    {
        var calls = 0;
        var workflow = TestWorkflow.Create("give-up",
            StepSpec.Sync("check", (c, _) => { calls++; c.Fail("the baseline is missing"); }) with { MaxAttempts = 5 });

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(1, calls);
        Assert.Equal(ExecutionStatus.CompletedFailure, result.Status);
        Assert.Equal("step 1 (check) failed: the baseline is missing", result.Reason);
    }

    [Fact]
    public async Task A_finished_execution_cannot_be_resumed()
    {
        var store = new InMemoryExecutionStore();
        var workflow = TestWorkflow.Create("done", StepSpec.Sync("a", (_, _) => { }));
        var runner = new WorkflowRunner(store);
        var result = await runner.RunAsync(workflow);

        var error = await Assert.ThrowsAsync<WorkflowException>(() => runner.ResumeAsync(workflow, result.ExecutionId));

        Assert.Contains("COMPLETED_SUCCESS", error.Message);
        Assert.Contains("immutable", error.Message);
    }

    [Fact]
    public async Task Cancellation_pauses_the_execution_and_a_resume_finishes_it()
    {
        var store = new InMemoryExecutionStore();
        using var cancel = new CancellationTokenSource();
        var workflow = TestWorkflow.Create("cancel",
            new StepSpec("slow", async (_, _) =>
            {
                if (!cancel.IsCancellationRequested)
                {
                    await cancel.CancelAsync();
                    cancel.Token.ThrowIfCancellationRequested();
                }
            }));
        var runner = new WorkflowRunner(store);

        var cancelled = await runner.RunAsync(workflow, cancellationToken: cancel.Token);
        Assert.Equal(ExecutionStatus.Paused, cancelled.Status);
        Assert.Equal("cancelled", cancelled.Reason);

        var resumed = await runner.ResumeAsync(workflow, cancelled.ExecutionId);
        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
    }

    [Fact]
    public async Task Resuming_an_unknown_execution_names_it()
    {
        var workflow = TestWorkflow.Create("any", StepSpec.Sync("a", (_, _) => { }));
        var error = await Assert.ThrowsAsync<UnknownExecutionException>(() => Memory.ResumeAsync(workflow, "exec_nope"));
        Assert.Equal("exec_nope", error.ExecutionId);
    }

    [Fact]
    public async Task Resuming_with_another_workflow_is_refused()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var paused = await runner.RunAsync(TestWorkflow.Create("alpha", StepSpec.Sync("a", (c, _) => c.Pause("wait"))));

        var error = await Assert.ThrowsAsync<WorkflowException>(() => runner.ResumeAsync(TestWorkflow.Create("beta", StepSpec.Sync("a", (_, _) => { })), paused.ExecutionId));

        Assert.Contains("'alpha'", error.Message);
        Assert.Contains("'beta'", error.Message);
    }

    [Fact]
    public async Task An_execution_held_by_one_runner_cannot_be_run_by_another()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var workflow = TestWorkflow.Create("held", new StepSpec("wait", async (_, _) => { started.SetResult(); await release.Task; }));

        var running = runner.RunAsync(workflow, options: new RunOptions { ExecutionId = "exec_held" });
        await started.Task;
        await Assert.ThrowsAsync<ExecutionLeaseException>(() => runner.ResumeAsync(workflow, "exec_held"));
        release.SetResult();

        Assert.Equal(ExecutionStatus.CompletedSuccess, (await running).Status);
    }

    [Fact]
    public async Task Execution_ids_are_exec_utc_timestamp_uuid()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 2, 8, 0, 47, 25, TimeSpan.Zero));
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), timeProvider: clock);

        var result = await runner.RunAsync(TestWorkflow.Create("ids", StepSpec.Sync("a", (_, _) => { })));

        Assert.Matches("^exec_20260208T004725Z_[0-9a-f]{32}$", result.ExecutionId);
        Assert.Equal("ids-2026-02-08-001", result.State.RunLabel);
    }

    [Fact]
    public async Task Replaying_the_history_rebuilds_the_same_state_the_runner_returned()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var workflow = TestWorkflow.Create("replay",
            StepSpec.Sync("a", (c, o) => { c.Log("hello"); c.ReportCost(0.1m); c.RecordToolCall("Bash", "ls", "3 files"); c.RecordMessage("user", "go"); o["x"] = "1"; }) with { Outputs = ["x"] },
            StepSpec.Sync("b", (c, _) => c.RecordStateChange("wrote out.txt")));
        var result = await runner.RunAsync(workflow);

        var rebuilt = await runner.GetStateAsync(result.ExecutionId);

        Assert.NotNull(rebuilt);
        Assert.Equal(Snapshot(result.State), Snapshot(rebuilt));
        Assert.Equal(0.1m, rebuilt.ExecutionLog[0].ActualCost);
        Assert.Equal(["wrote out.txt"], rebuilt.ExecutionLog[1].StateChanges);
        Assert.Equal("Bash", rebuilt.Training.ToolCalls.Single().Tool);
        Assert.Equal("go", rebuilt.Training.ConversationTrace.Single().Text);
    }

    private static string Snapshot(ExecutionState state) =>
        System.Text.Json.JsonSerializer.Serialize(state, IrlExec.Internal.HistoryJsonContext.Default.ExecutionState);
}

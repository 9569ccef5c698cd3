using IrlExec.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static IrlExec.Hosting.Tests.Workflows;

namespace IrlExec.Hosting.Tests;

/// <summary>The hosted worker and IWorkflowClient on a real generic host over a filesystem root.</summary>
public sealed class WorkerTests : IDisposable
{
    // A token of its own for each wait, never one shared by the class: a shared one would count every test's time since
    // the first, and the tests after a minute of a loaded machine would find it already cancelled.
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;

    // Polls the state (as the history holds it) until it satisfies `condition`: WaitAsync waits for this host's run to end.
    private static async Task UntilAsync(IWorkflowClient client, string executionId, Func<ExecutionState, bool> condition)
    {
        var timeout = Timeout;
        while (await client.GetAsync(executionId, timeout) is not { } state || !condition(state)) await Task.Delay(20, timeout);
    }
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_started_execution_runs_on_the_worker_and_the_client_reads_its_state()
    {
        var workflow = Of("hosted-start", Step("a", c => c.Log("hello")), Step("b"));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));

        var id = await host.Client().StartAsync("hosted-start");
        var done = await host.Client().WaitAsync(id, cancellationToken: Timeout);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.True(File.Exists(new ExecutionLayout(_root.Path).HistoryFile(id)));
        Assert.Equal(ExecutionStatus.CompletedSuccess, (await host.Client().GetAsync(id))!.Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_options_OnStarted_is_called_for_the_runs_the_worker_starts_and_wakes()
    {
        var started = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var workflow = Of("hosted-on-started", Step("approve", c => c.WaitForSignal("approval"), "approval"));
        using var host = await TestHost.StartAsync(_root.Path, b =>
        {
            b.AddWorkflow(workflow);
            b.Services.Configure<IrlExecOptions>(o => o.RunOptions = new RunOptions { OnStarted = started.Enqueue });
        });
        var client = host.Client();

        var id = await client.StartAsync("hosted-on-started");
        await client.WaitAsync(id, s => s.Status == ExecutionStatus.Paused, Timeout);
        await client.SignalAsync(id, "approval");
        await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout);

        Assert.Equal([id, id], started); // the start, then the wake-up
        await host.StopAsync();
    }

    [Fact]
    public async Task Starting_an_unknown_workflow_names_the_ones_the_host_runs()
    {
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(Of("known", Step("a"))));

        var error = await Assert.ThrowsAsync<UnknownWorkflowException>(() => host.Client().StartAsync("unknown"));

        Assert.Contains("it runs: known", error.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_signal_wakes_the_step_waiting_for_it_and_its_payload_reaches_the_step()
    {
        string? got = null;
        var workflow = Of("hosted-signal", Step("approve", c =>
        {
            if (c.WaitForSignal("approval")) return;
            c.TryGetSignal("approval", JsonTypes.String, out got);
        }, "approval"));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        var client = host.Client();

        var id = await client.StartAsync("hosted-signal");
        var waiting = await client.WaitAsync(id, s => s.Status == ExecutionStatus.Paused, Timeout);
        await client.SignalAsync(id, "approval", "samson", JsonTypes.String, sender: "human:samson");
        var done = await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout);

        Assert.Equal("approval", waiting.WaitingForSignal);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal("samson", got);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_signal_sent_before_its_step_waits_is_kept_and_the_step_does_not_wait()
    {
        var workflow = Of("hosted-early",
            Step("first", c => c.WaitForSignal("first"), "first"),
            Step("second", c => c.WaitForSignal("second"), "second"));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        var client = host.Client();

        var id = await client.StartAsync("hosted-early");
        await client.WaitAsync(id, s => s.WaitingForSignal == "first", Timeout);
        await client.SignalAsync(id, "second", "2"); // before step 2 waits
        await client.SignalAsync(id, "first", "1");
        var done = await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(1, done.FindStep(2)!.Attempts);
        Assert.Equal(["second", "first"], done.Signals.Select(s => s.Name));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_due_timer_wakes_the_execution_without_anyone_resuming_it()
    {
        var workflow = Of("hosted-timer", Step("cool-down", c => c.PauseFor(TimeSpan.FromMilliseconds(300), "cooling down")));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        var client = host.Client();

        var id = await client.StartAsync("hosted-timer");
        var paused = await client.WaitAsync(id, s => s.Status == ExecutionStatus.Paused, Timeout);
        var done = await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout);

        Assert.NotNull(paused.WakeAt);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(2, done.FindStep(1)!.Attempts);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_deliberate_pause_is_not_woken_by_the_worker_but_a_client_resume_with_variables_finishes_it()
    {
        var workflow = Of("hosted-human", Step("decide", c => { if (!c.Variables.Contains("approved_by")) c.Pause("waiting for a human"); }));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        var client = host.Client();

        var id = await client.StartAsync("hosted-human");
        await client.WaitAsync(id, s => s.Status == ExecutionStatus.Paused, Timeout);
        await Task.Delay(400); // several polls
        Assert.Equal(1, (await client.GetAsync(id))!.FindStep(1)!.Attempts);
        var decision = new VariableStore();
        decision.Set("approved_by", "human:samson");
        await client.ResumeAsync(id, decision);
        var done = await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_client_resume_requested_while_the_host_runs_the_execution_runs_once_that_run_has_paused()
    {
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workflow = Of("hosted-resume-while-running", AsyncStep("decide", async (c, _) =>
        {
            if (c.Variables.Contains("approved_by")) return;
            await requested.Task; // the decision comes while this attempt still runs
            c.Pause("waiting for a human");
        }));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        var client = host.Client();

        var id = await client.StartAsync("hosted-resume-while-running");
        var decision = new VariableStore();
        decision.Set("approved_by", "human:samson");
        await client.ResumeAsync(id, decision);
        requested.SetResult();
        var done = await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(2, done.FindStep(1)!.Attempts);
        await host.StopAsync();
    }

    [Fact]
    public async Task An_execution_whose_process_died_is_recovered_at_start_and_no_completed_step_runs_again()
    {
        var workflow = Of("hosted-recover", Step("one"), Step("two"), Step("three"));
        var id = await CrashedAfterFirstStepAsync(workflow);

        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        var done = await host.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(0, RunsOf(id, 1));
        Assert.Equal(1, RunsOf(id, 2));
        Assert.Equal(1, RunsOf(id, 3));
        Assert.Contains(done.Training.StateTransitions, t => t.Reason?.StartsWith("interrupted", StringComparison.Ordinal) == true);
        await host.StopAsync();
    }

    [Fact]
    public async Task An_execution_whose_process_died_after_the_worker_started_is_recovered()
    {
        var workflow = Of("hosted-recover-later", Step("one"), Step("two"));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        var before = await host.Client().StartAsync("hosted-recover-later");
        await host.Client().WaitAsync(before, s => StatusTransitions.IsTerminal(s.Status), Timeout);
        await Task.Delay(300); // some polls of the unchanged root

        var id = await CrashedAfterFirstStepAsync(workflow);

        var done = await host.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(0, RunsOf(id, 1));
        Assert.Equal(1, RunsOf(id, 2));
        await host.StopAsync();
    }

    [Fact]
    public async Task Two_workers_on_one_root_never_run_a_step_of_an_execution_twice()
    {
        var workflow = Of("hosted-pair", AsyncStep("one", (_, _) => Task.Delay(50)), AsyncStep("two", (_, _) => Task.Delay(50)), Step("three"));
        var ids = new List<string>();
        for (var i = 0; i < 8; i++) ids.Add(await CrashedAfterFirstStepAsync(workflow));

        using var first = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        using var second = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        foreach (var id in ids) Assert.Equal(ExecutionStatus.CompletedSuccess, (await first.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout)).Status);

        foreach (var id in ids)
        {
            Assert.Equal(0, RunsOf(id, 1));
            Assert.Equal(1, RunsOf(id, 2));
            Assert.Equal(1, RunsOf(id, 3));
        }
        await Task.WhenAll(first.StopAsync(), second.StopAsync());
    }

    [Fact]
    public async Task A_host_stopped_again_after_its_disposal_stops_quietly()
    {
        // WebApplicationFactory does this: the app's Run stops and disposes its host, then the factory stops it again.
        using var root = new TempRoot();
        var host = await TestHost.StartAsync(root.Path, b => b.AddWorkflow(Workflows.Of("twice-stopped", Workflows.Step("one"))));
        await host.Client().WaitAsync(await host.Client().StartAsync("twice-stopped"));
        await host.StopAsync();
        host.Dispose();

        var again = await Record.ExceptionAsync(() => host.StopAsync());

        Assert.Null(again);
    }

    [Fact]
    public async Task Shutdown_lets_the_running_step_finish_and_stops_before_the_next_then_a_new_host_finishes_it()
    {
        var release = new TaskCompletionSource();
        var workflow = Of("hosted-drain", AsyncStep("slow", async (_, _) => await release.Task), Step("next"));
        string id;
        using (var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow)))
        {
            id = await host.Client().StartAsync("hosted-drain");
            await UntilAsync(host.Client(), id, s => s.FindStep(1)?.Status == StepStatus.Running); // running when the stop comes
            var stopping = host.StopAsync();
            await Task.Delay(200);
            release.SetResult(); // the step finishes within the shutdown timeout
            await stopping;
        }
        var stopped = ExecutionStateProjector.Replay((await new FileSystemExecutionStore(_root.Path).ReadAsync(id, default))!);
        Assert.Equal(ExecutionStatus.Paused, stopped.Status);
        Assert.Equal(StepStatus.Completed, stopped.FindStep(1)!.Status);
        Assert.Equal(StepStatus.Pending, stopped.FindStep(2)!.Status);
        Assert.StartsWith("cancelled", stopped.StatusReason, StringComparison.Ordinal);

        using var again = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        var done = await again.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(1, RunsOf(id, 1));
        await again.StopAsync();
    }

    [Fact]
    public async Task A_step_still_running_when_the_shutdown_timeout_ends_is_cancelled_and_the_execution_is_paused_resumable()
    {
        var attempts = 0;
        var workflow = Of("hosted-timeout", AsyncStep("endless", async (_, token) =>
        {
            if (Interlocked.Increment(ref attempts) == 1) await Task.Delay(Forever(), token);
        }));
        string id;
        using (var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow), shutdownTimeout: TimeSpan.FromMilliseconds(300)))
        {
            id = await host.Client().StartAsync("hosted-timeout");
            await UntilAsync(host.Client(), id, s => s.FindStep(1)?.Status == StepStatus.Running);
            await host.StopAsync();
        }
        var stopped = ExecutionStateProjector.Replay((await new FileSystemExecutionStore(_root.Path).ReadAsync(id, default))!);
        Assert.Equal(ExecutionStatus.Paused, stopped.Status);
        Assert.Equal("cancelled", stopped.StatusReason);
        Assert.Equal(StepStatus.Paused, stopped.FindStep(1)!.Status);

        using var again = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        Assert.Equal(ExecutionStatus.CompletedSuccess, (await again.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout)).Status);
        await again.StopAsync();

        static TimeSpan Forever() => System.Threading.Timeout.InfiniteTimeSpan;
    }

    [Fact]
    public async Task Cancel_ends_a_paused_execution_for_good_and_the_worker_leaves_it()
    {
        var workflow = Of("hosted-cancel", Step("wait", c => c.WaitForSignal("go"), "go"));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        var client = host.Client();
        var id = await client.StartAsync("hosted-cancel");
        await client.WaitAsync(id, s => s.Status == ExecutionStatus.Paused, Timeout);

        var cancelled = await client.CancelAsync(id, "cancelled by human:samson");

        Assert.Equal(ExecutionStatus.CompletedFailure, cancelled.Status);
        await Assert.ThrowsAsync<WorkflowException>(() => client.SignalAsync(id, "go"));
        await host.StopAsync();
    }

    [Fact]
    public async Task Workflows_are_registered_from_an_assembly_through_its_generated_catalog()
    {
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflows(typeof(GreetingWorkflow).Assembly));

        var id = await host.Client().StartAsync(GreetingWorkflow.Definition, new GreetingWorkflow { Name = "Ada" }.ToVariables());
        var done = await host.Client().WaitAsync(id, cancellationToken: Timeout);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Contains(done.Variables, v => v.Name == "greeting" && v.Json == "\"Hello, Ada\"");
        Assert.Equal("hello", (await host.Client().GetAsync(await host.Client().StartAsync("hello", new GreetingWorkflow { Name = "B" }.ToVariables())))!.Workflow);
        await host.StopAsync();
    }

    [Fact]
    public void An_assembly_without_workflows_is_refused_with_a_clear_message()
    {
        var builder = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddIrlExec();

        var error = Assert.Throws<ArgumentException>(() => builder.AddWorkflows(typeof(string).Assembly));

        Assert.Contains("declares no workflow", error.Message, StringComparison.Ordinal);
    }

    // An execution as a killed process leaves it: step 1 completed, step 2 started, IN_PROGRESS, no lease held.
    private async Task<string> CrashedAfterFirstStepAsync(WorkflowDefinition workflow)
    {
        var store = new FileSystemExecutionStore(_root.Path);
        var id = "exec_crashed_" + Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        var label = await store.ReserveRunLabelAsync(workflow.Name, now, default);
        await store.AppendAsync(id,
        [
            new ExecutionEvent { Sequence = 1, Timestamp = now, Kind = ExecutionEventKind.ExecutionCreated, ExecutionId = id, Workflow = workflow.Name, Goal = workflow.Name, Mode = ExecutionMode.Execution, RunLabel = label, PlanShape = workflow.Plan },
            new ExecutionEvent { Sequence = 2, Timestamp = now, Kind = ExecutionEventKind.StatusChanged, FromStatus = ExecutionStatus.Planning, Status = ExecutionStatus.InProgress },
            new ExecutionEvent { Sequence = 3, Timestamp = now, Kind = ExecutionEventKind.StepStarted, Step = 1, Attempt = 1 },
            new ExecutionEvent { Sequence = 4, Timestamp = now, Kind = ExecutionEventKind.StepCompleted, Step = 1, Attempt = 1, Cost = 0, Seconds = 0 },
            new ExecutionEvent { Sequence = 5, Timestamp = now, Kind = ExecutionEventKind.StepStarted, Step = 2, Attempt = 1 },
        ], flushToDisk: true, default);
        store.Dispose();
        return id;
    }
}

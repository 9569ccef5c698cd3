using IrlExec.Dashboard.Data;

namespace IrlExec.Dashboard.Tests;

/// <summary>
/// Why a paused execution waits comes from what its history records (the awaited signal, the timer, a step that paused
/// itself or failed), never from the wording a step chose for its reason: each case below words its reason to mislead.
/// </summary>
public sealed class PauseInfoTests
{
    [Fact]
    public async Task A_step_waiting_for_a_signal_is_a_signal_wait_whatever_its_reason_says()
    {
        var state = await PausedAsync(c => c.WaitForSignal("go_ahead", "waiting for human approval until tomorrow"), signals: ["go_ahead"]);

        var pause = PauseInfo.Of(state);

        Assert.Equal(PauseKind.Signal, pause.Kind);
        Assert.Equal("go_ahead", pause.Signal);
        Assert.Null(pause.WakeAt);
        Assert.Equal("waiting for human approval until tomorrow", pause.Reason);
    }

    [Fact]
    public async Task A_signal_awaited_with_a_time_limit_is_a_signal_wait_that_names_both()
    {
        var until = DateTimeOffset.UtcNow.AddDays(1);
        var state = await PausedAsync(c => c.WaitForSignal("go_ahead", until), signals: ["go_ahead"]);

        var pause = PauseInfo.Of(state);

        Assert.Equal(PauseKind.Signal, pause.Kind);
        Assert.Equal("go_ahead", pause.Signal);
        Assert.Equal(until.ToUniversalTime(), pause.WakeAt);
    }

    [Fact]
    public async Task A_step_waiting_for_a_time_is_a_timer_with_its_due_time()
    {
        var before = DateTimeOffset.UtcNow;
        var state = await PausedAsync(c => c.PauseFor(TimeSpan.FromHours(2), "waiting for signal 'approval'"));

        var pause = PauseInfo.Of(state);

        Assert.Equal(PauseKind.Timer, pause.Kind);
        Assert.Null(pause.Signal);
        Assert.NotNull(pause.WakeAt);
        Assert.InRange(pause.WakeAt!.Value, before.AddHours(2).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(2).AddSeconds(1));
    }

    [Fact]
    public async Task A_step_that_paused_itself_waits_for_a_person_whatever_its_reason_says()
    {
        var state = await PausedAsync(c => c.Pause("waiting for signal 'x' until the timer fires"));

        var pause = PauseInfo.Of(state);

        Assert.Equal(PauseKind.HumanApproval, pause.Kind);
        Assert.Null(pause.Signal);
        Assert.Null(pause.WakeAt);
    }

    [Fact]
    public async Task A_step_that_failed_is_a_failure()
    {
        var state = await PausedAsync(_ => throw new InvalidOperationException("approval signal timer: all words that must not decide"));

        var pause = PauseInfo.Of(state);

        Assert.Equal(PauseKind.Failure, pause.Kind);
        Assert.Contains("failed", pause.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_stopped_by_a_cancelled_run_is_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var state = await PausedAsync(async (_, token) =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
        }, cancellationToken: cancel.Token);

        Assert.Equal(PauseKind.Cancelled, PauseInfo.Of(state).Kind);
    }

    [Fact]
    public void A_paused_execution_whose_process_stopped_is_interrupted()
    {
        var state = new ExecutionState { Status = ExecutionStatus.Paused, StatusReason = "interrupted: the process stopped while the execution was running" };

        Assert.Equal(PauseKind.Interrupted, PauseInfo.Of(state).Kind);
    }

    private static Task<ExecutionState> PausedAsync(Action<StepContext> body, IReadOnlyList<string>? signals = null) =>
        PausedAsync((context, _) =>
        {
            body(context);
            return Task.CompletedTask;
        }, signals);

    // Runs a one-step workflow whose step does `body`, in memory, and returns the replayed state of the paused execution.
    private static async Task<ExecutionState> PausedAsync(Func<StepContext, CancellationToken, Task> body, IReadOnlyList<string>? signals = null, CancellationToken cancellationToken = default)
    {
        var plan = new WorkflowPlan
        {
            Name = "pause-kinds",
            Goal = "Pause",
            Steps =
            [
                new StepPlan
                {
                    Order = 1, Name = "wait", Component = "test.wait", ToolMapping = "Bash",
                    Signals = signals?.Select(s => new StepSignalPlan { Name = s }).ToList(),
                },
            ],
        };
        var workflow = new WorkflowDefinition(plan, [StepDefinition.Create(plan.Steps[0], () => new Body(body))]);
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var result = await runner.RunAsync(workflow, new VariableStore(), new RunOptions { Actor = "test" }, cancellationToken);
        Assert.Equal(ExecutionStatus.Paused, result.Status);
        var view = await ExecutionView.LoadAsync(store, result.ExecutionId, 0, CancellationToken.None);
        return view!.State;
    }

    private sealed class Body(Func<StepContext, CancellationToken, Task> body) : IStep
    {
        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => await body(context, cancellationToken);
    }
}

using IrlExec.Tests.Support;

namespace IrlExec.PostgreSql.Tests.Queue;

/// <summary>
/// A claimed run that failed before it could run is put off (<see cref="PostgreSqlWorkQueue.DeferAsync"/>, what the hosted
/// worker does with <c>RetryFailedRunAfter</c>). Only what is due is put off: an execution that waits for a person, a
/// signal not yet posted or a timer not yet due, or that has finished, gets no wake-up from it.
/// </summary>
public sealed class DeferredRunTests : StoreFixture
{
    private const string Name = "pg-deferred";
    private const string Id = "exec_deferred";
    private static readonly TimeSpan AnHour = TimeSpan.FromHours(1);

    [SkippableFact]
    public async Task Putting_off_a_failed_run_gives_an_execution_paused_for_a_person_no_wake_up()
    {
        await RunAsync(StepSpec.Sync("decide", (c, _) => c.Pause("a person decides")));

        await Queue().DeferAsync(Id, TimeSpan.Zero);

        Assert.False(await HasWakeUpAsync());
        Assert.Equal(0, (await Queue().EnqueueDueAsync()).Queued);
    }

    [SkippableFact]
    public async Task Putting_off_a_failed_run_gives_an_execution_waiting_for_a_signal_not_yet_posted_no_wake_up()
    {
        await RunAsync(new StepSpec("approve", (c, _) => { c.WaitForSignal("approval"); return ValueTask.CompletedTask; }) { Signals = ["approval"] });

        await Queue().DeferAsync(Id, TimeSpan.Zero);

        Assert.False(await HasWakeUpAsync());
        Assert.Equal(0, (await Queue().EnqueueDueAsync()).Queued);
    }

    [SkippableFact]
    public async Task Putting_off_a_failed_run_leaves_a_timer_not_yet_due_as_it_is()
    {
        await RunAsync(StepSpec.Sync("cool-down", (c, _) => c.PauseUntil(DateTimeOffset.UtcNow.Add(AnHour))));
        var timer = await WakeAtAsync();

        await Queue().DeferAsync(Id, TimeSpan.Zero);

        Assert.Equal(timer, await WakeAtAsync());
        Assert.Equal(0, (await Queue().EnqueueDueAsync()).Queued);
    }

    [SkippableFact]
    public async Task Putting_off_a_failed_run_gives_a_finished_execution_no_wake_up()
    {
        await RunAsync(StepSpec.Sync("done", (_, _) => { }), ExecutionStatus.CompletedSuccess);

        await Queue().DeferAsync(Id, TimeSpan.Zero);

        Assert.False(await HasWakeUpAsync());
        Assert.Equal(0, (await Queue().EnqueueDueAsync()).Queued);
    }

    [SkippableFact]
    public async Task Putting_off_a_failed_run_puts_off_an_execution_left_running()
    {
        await RunAsync(StepSpec.Sync("decide", (c, _) => c.Pause("a person decides")));
        // As its worker left it when it died mid-step: running, and nobody holds it.
        await PostgresServer.ExecuteAsync($"UPDATE {Schema}.executions SET status = 'IN_PROGRESS' WHERE execution_id = $1", Id);

        await Queue().DeferAsync(Id, AnHour);

        Assert.True(await PostgresServer.ScalarAsync<bool>($"SELECT wake_at > now() + interval '30 minutes' FROM {Schema}.executions WHERE execution_id = $1", Id));
        Assert.Equal(0, (await Queue().EnqueueDueAsync()).Queued);
    }

    [SkippableFact]
    public async Task Putting_off_a_failed_run_puts_off_an_execution_whose_signal_has_come()
    {
        var store = Open();
        await RunAsync(new StepSpec("approve", (c, _) => { c.WaitForSignal("approval"); return ValueTask.CompletedTask; }) { Signals = ["approval"] });
        await store.PostSignalAsync(Id, new PendingSignal { Id = "s1", Name = "approval", Json = "\"yes\"", Sender = "human:test", SentAt = DateTimeOffset.UtcNow }, default);

        await Queue().DeferAsync(Id, AnHour);

        Assert.True(await PostgresServer.ScalarAsync<bool>($"SELECT wake_at > now() + interval '30 minutes' FROM {Schema}.executions WHERE execution_id = $1", Id));
        Assert.Equal(0, (await Queue().EnqueueDueAsync()).Queued);
        Assert.Empty(await Queue().ClaimAsync(1, [Name]));
    }

    private async Task RunAsync(StepSpec step, ExecutionStatus expected = ExecutionStatus.Paused)
    {
        var result = await new WorkflowRunner(Open()).RunAsync(TestWorkflow.Create(Name, step), null, new RunOptions { ExecutionId = Id });
        Assert.Equal(expected, result.Status);
    }

    private PostgreSqlWorkQueue Queue() => new(Open());

    private Task<bool> HasWakeUpAsync() =>
        PostgresServer.ScalarAsync<bool>($"SELECT wake_at IS NOT NULL FROM {Schema}.executions WHERE execution_id = $1", Id);

    private Task<DateTime> WakeAtAsync() =>
        PostgresServer.ScalarAsync<DateTime>($"SELECT wake_at FROM {Schema}.executions WHERE execution_id = $1", Id);
}

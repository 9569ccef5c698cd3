using IrlExec.PostgreSql.Tests.Support;
using IrlExec.Tests.Support;
using Npgsql;

namespace IrlExec.PostgreSql.Tests.Queue;

/// <summary>
/// A row can be queued for an execution while another worker claims it (the new row waits for the claim's lock on the
/// old one, finds it deleted, and is inserted anew), so it may come late: after the claimed run has done what it asked
/// for. A claim takes a row only for what its execution still needs, checked under the lease it takes; a late row is
/// removed and gives its lease up. Each interleaving is reproduced with <see cref="QueueRace"/>.
/// </summary>
public sealed class LateQueueRowTests : StoreFixture
{
    private const string Name = "pg-late-rows";
    private const string Id = "exec_late_rows";

    [SkippableFact]
    public async Task A_wake_queued_again_during_a_claim_is_dropped_once_the_execution_paused_for_a_person()
    {
        var workflow = TimerThen(c => c.Pause("a person decides"));
        await PausedOnADueTimerAsync(workflow);
        var claimer = Worker("claimer");

        await QueueRace.ClaimWhileQueuedAgainAsync(Schema, claimer.Queue, Name, Id, () => Queue("scanner").EnqueueDueAsync());
        Assert.Equal(ExecutionStatus.Paused, (await claimer.Runner.ResumeAsync(workflow, Id)).Status);

        await AssertDroppedAsync();
    }

    [SkippableFact]
    public async Task A_wake_queued_again_during_a_claim_is_dropped_once_the_execution_completed()
    {
        var workflow = TimerThen(_ => { });
        await PausedOnADueTimerAsync(workflow);
        var claimer = Worker("claimer");

        await QueueRace.ClaimWhileQueuedAgainAsync(Schema, claimer.Queue, Name, Id, () => Queue("scanner").EnqueueDueAsync());
        Assert.Equal(ExecutionStatus.CompletedSuccess, (await claimer.Runner.ResumeAsync(workflow, Id)).Status);

        await AssertDroppedAsync();
    }

    [SkippableFact]
    public async Task A_wake_queued_again_during_a_claim_is_dropped_while_the_executions_next_timer_is_not_due()
    {
        var workflow = TimerThen(c => c.PauseUntil(DateTimeOffset.UtcNow.AddHours(1)));
        await PausedOnADueTimerAsync(workflow);
        var claimer = Worker("claimer");

        await QueueRace.ClaimWhileQueuedAgainAsync(Schema, claimer.Queue, Name, Id, () => Queue("scanner").EnqueueDueAsync());
        Assert.Equal(ExecutionStatus.Paused, (await claimer.Runner.ResumeAsync(workflow, Id)).Status);

        await AssertDroppedAsync();
    }

    [SkippableFact]
    public async Task A_wake_queued_again_during_a_claim_wakes_the_execution_when_its_next_timer_is_due()
    {
        var workflow = TimerThen(c => c.PauseUntil(DateTimeOffset.UtcNow.AddHours(1)));
        await PausedOnADueTimerAsync(workflow);
        var claimer = Worker("claimer");
        await QueueRace.ClaimWhileQueuedAgainAsync(Schema, claimer.Queue, Name, Id, () => Queue("scanner").EnqueueDueAsync());
        Assert.Equal(ExecutionStatus.Paused, (await claimer.Runner.ResumeAsync(workflow, Id)).Status);

        await ComesDueAsync(); // the second step's timer, by the database's clock

        var woken = Assert.Single(await Queue("late").ClaimAsync(1, [Name]));
        Assert.Equal("wake", woken.Reason);
    }

    [SkippableFact]
    public async Task A_signal_queued_during_a_claim_is_dropped_once_the_claimed_run_took_the_signal()
    {
        var workflow = TestWorkflow.Create(Name,
            new StepSpec("approve", (c, _) => { c.WaitForSignal("approval", DateTimeOffset.UtcNow.AddHours(1)); return ValueTask.CompletedTask; }) { Signals = ["approval"] },
            StepSpec.Sync("decide", (c, _) => c.Pause("a person decides")));
        Assert.Equal(ExecutionStatus.Paused, (await new WorkflowRunner(Open()).RunAsync(workflow, null, new RunOptions { ExecutionId = Id })).Status);
        await ComesDueAsync(); // the wait's deadline: a scan queues its wake-up, and the signal comes as it is claimed
        await Queue("scanner").EnqueueDueAsync();
        var claimer = Worker("claimer");
        var sender = Open(owner: "sender");
        var signal = new PendingSignal { Id = "signal-1", Name = "approval", Json = "\"yes\"", Sender = "human:test", SentAt = DateTimeOffset.UtcNow };

        await QueueRace.ClaimWhileQueuedAgainAsync(Schema, claimer.Queue, Name, Id, async () => await sender.PostSignalAsync(Id, signal, default));
        var resumed = await claimer.Runner.ResumeAsync(workflow, Id);
        Assert.NotNull(resumed.State.FindSignal("approval"));
        Assert.Equal(2, resumed.State.CurrentStep);

        await AssertDroppedAsync();
    }

    [SkippableFact]
    public async Task A_drained_request_queued_during_a_claim_is_dropped_once_the_execution_completed()
    {
        var workflow = TimerThen(_ => { });
        await PausedOnADueTimerAsync(workflow);
        var claimer = Worker("claimer");

        await QueueRace.ClaimWhileQueuedAgainAsync(Schema, claimer.Queue, Name, Id, () => Queue("stopping").EnqueueResumeAsync(Id, Name, "drained"));
        Assert.Equal(ExecutionStatus.CompletedSuccess, (await claimer.Runner.ResumeAsync(workflow, Id)).Status);

        await AssertDroppedAsync();
    }

    [SkippableFact]
    public async Task A_drained_request_for_a_run_that_paused_for_a_person_is_dropped()
    {
        // A stopping worker queues every run of its that ended paused; this one's step had paused for a person.
        var workflow = TestWorkflow.Create(Name, StepSpec.Sync("decide", (c, _) => c.Pause("a person decides")));
        Assert.Equal(ExecutionStatus.Paused, (await new WorkflowRunner(Open()).RunAsync(workflow, null, new RunOptions { ExecutionId = Id })).Status);

        await Queue("stopping").EnqueueResumeAsync(Id, Name, "drained");

        await AssertDroppedAsync();
    }

    [SkippableFact]
    public async Task A_recovery_queued_again_during_a_claim_is_dropped_once_the_recovery_completed_the_execution()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var workflow = TestWorkflow.Create(Name, new StepSpec("work", async (_, _) =>
        {
            if (Interlocked.Increment(ref runs) == 1) await release.Task; // the worker that runs it first stops here for good
        }));
        var deadWorker = Open(owner: "dead");
        await deadWorker.EnsureSchemaAsync();
        var dead = new WorkflowRunner(deadWorker).RunAsync(workflow, null, new RunOptions { ExecutionId = Id });
        await QueueRace.WaitUntilAsync(async () => await StatusAsync() == "IN_PROGRESS", "the first step to run");
        await ExpireLeaseAsync(Id); // its worker stopped renewing it: the execution is left running
        await Queue("scanner").EnqueueDueAsync();
        var claimer = Worker("claimer");

        var recovery = await QueueRace.ClaimWhileQueuedAgainAsync(Schema, claimer.Queue, Name, Id, () => Queue("scanner").EnqueueDueAsync());
        Assert.Equal("recover", recovery.Reason);
        Assert.Equal(ExecutionStatus.CompletedSuccess, (await claimer.Runner.ResumeAsync(workflow, Id)).Status);

        await AssertDroppedAsync();
        release.SetResult();
        try
        {
            await dead;
        }
        catch (ExecutionLeaseLostException)
        {
            // Its late commit is refused.
        }
    }

    [SkippableFact]
    public async Task A_resume_asked_during_a_claim_runs_once_more_after_the_claimed_run()
    {
        var workflow = TimerThen(c => c.Pause("a person decides"));
        await PausedOnADueTimerAsync(workflow);
        var claimer = Worker("claimer");

        await QueueRace.ClaimWhileQueuedAgainAsync(Schema, claimer.Queue, Name, Id, () => Queue("client").EnqueueResumeAsync(Id, Name));
        Assert.Equal(ExecutionStatus.Paused, (await claimer.Runner.ResumeAsync(workflow, Id)).Status);

        var resume = Assert.Single(await Queue("late").ClaimAsync(1, [Name]));
        Assert.Equal("resume", resume.Reason);
    }

    [SkippableFact]
    public async Task A_resume_asked_during_a_claim_is_dropped_once_the_execution_was_cancelled()
    {
        var workflow = TimerThen(c => c.Pause("a person decides"));
        await PausedOnADueTimerAsync(workflow);
        var claimer = Worker("claimer");

        await QueueRace.ClaimWhileQueuedAgainAsync(Schema, claimer.Queue, Name, Id, () => Queue("client").EnqueueResumeAsync(Id, Name));
        Assert.Equal(ExecutionStatus.Paused, (await claimer.Runner.ResumeAsync(workflow, Id)).Status);
        await new WorkflowRunner(Open(owner: "canceller")).CancelAsync(Id, "no longer needed");

        await AssertDroppedAsync();
    }

    [SkippableFact]
    public async Task A_start_claimed_after_its_execution_was_created_meanwhile_is_dropped_and_leaves_the_queue()
    {
        var queue = Queue("claimer");
        await queue.EnqueueStartAsync(Name, Id);
        // A first worker claimed the start, stalled past its lease, and is creating the execution as a second worker
        // claims the start: the claim waits for the creation's lock on the lease, then takes the lease over.
        await PostgresServer.ExecuteAsync($"INSERT INTO {Schema}.leases (execution_id, epoch, owner, expires_at) VALUES ($1, nextval('{Schema}.lease_epochs'), 'first', now() - interval '1 second')", Id);
        await using var first = new NpgsqlConnection(PostgresServer.Require());
        await first.OpenAsync();
        await using var creating = await first.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"SELECT 1 FROM {Schema}.leases WHERE execution_id = $1 FOR SHARE", first, creating))
        {
            hold.Parameters.AddWithValue(Id);
            await hold.ExecuteNonQueryAsync();
        }
        await using (var create = new NpgsqlCommand($"INSERT INTO {Schema}.executions (execution_id, workflow, run_label, status) VALUES ($1, $2, 'pg-late-rows-2026-12-07-001', 'IN_PROGRESS')", first, creating))
        {
            create.Parameters.AddWithValue(Id);
            create.Parameters.AddWithValue(Name);
            await create.ExecuteNonQueryAsync();
        }

        var claim = queue.ClaimAsync(1, [Name]);
        await QueueRace.WaitUntilAsync(() => QueueRace.WaitingOnLockAsync($"%INSERT INTO {Schema}.leases%"), "the claim to wait for the creation's lock on the lease");
        await creating.CommitAsync();

        Assert.Empty(await claim);
        Assert.False(await queue.IsQueuedAsync(Id));
        Assert.Equal(0L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.leases WHERE execution_id = $1", Id));
    }

    // Step 1 waits for a timer (its first attempt); step 2 does what the test says.
    private static WorkflowDefinition TimerThen(Action<StepContext> then) => TestWorkflow.Create(Name,
        StepSpec.Sync("cool-down", (c, _) => { if (c.Attempt == 1) c.PauseUntil(DateTimeOffset.UtcNow.AddHours(1)); }),
        StepSpec.Sync("then", (c, _) => then(c)));

    // Paused on step 1's timer, which is due by the database's clock, and queued for it by a scan.
    private async Task PausedOnADueTimerAsync(WorkflowDefinition workflow)
    {
        var paused = await new WorkflowRunner(Open()).RunAsync(workflow, null, new RunOptions { ExecutionId = Id });
        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        await ComesDueAsync();
        Assert.Equal(1, (await Queue("scanner").EnqueueDueAsync()).Queued);
    }

    private Task ComesDueAsync() =>
        PostgresServer.ExecuteAsync($"UPDATE {Schema}.executions SET wake_at = now() - interval '1 second' WHERE execution_id = $1 AND wake_at IS NOT NULL", Id);

    private PostgreSqlWorkQueue Queue(string owner) => new(Open(owner: owner));

    // A worker's queue, and the runner it runs claimed executions with (its store holds the claimed leases).
    private (PostgreSqlWorkQueue Queue, WorkflowRunner Runner) Worker(string owner)
    {
        var store = Open(owner: owner);
        return (new PostgreSqlWorkQueue(store), new WorkflowRunner(store));
    }

    private Task<string> StatusAsync() => PostgresServer.ScalarAsync<string>($"SELECT coalesce((SELECT status FROM {Schema}.executions WHERE execution_id = $1), '')", Id);

    // The late row was there, and a claim takes nothing from it: the row is gone and no lease is left held.
    private async Task AssertDroppedAsync()
    {
        Assert.Equal(1L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.queue WHERE execution_id = $1", Id));
        var history = (await Open().ReadAsync(Id, default))!.Count;

        Assert.Empty(await Queue("late").ClaimAsync(1, [Name]));

        Assert.Equal(0L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.queue WHERE execution_id = $1", Id));
        Assert.Equal(0L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.leases WHERE execution_id = $1", Id));
        Assert.Equal(history, (await Open().ReadAsync(Id, default))!.Count);
    }
}

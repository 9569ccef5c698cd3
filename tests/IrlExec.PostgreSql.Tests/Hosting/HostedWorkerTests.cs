using IrlExec.Hosting;
using IrlExec.Hosting.PostgreSql;
using IrlExec.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IrlExec.PostgreSql.Tests.Hosting;

/// <summary>
/// The hosted worker on PostgreSQL (<c>AddIrlExec().UsePostgreSql()</c>): real generic hosts sharing one database schema,
/// taking their work from its queue.
/// </summary>
public sealed class HostedWorkerTests : StoreFixture
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan NoPolling = TimeSpan.FromSeconds(120); // a wake-up within WellBeforeAPoll comes from elsewhere
    private static readonly TimeSpan WellBeforeAPoll = TimeSpan.FromSeconds(40); // generous: the machine running the tests may be loaded
    private readonly List<IHost> _hosts = [];

    [SkippableFact]
    public async Task A_client_start_is_queued_and_run_by_a_worker()
    {
        var workflow = Workflow("pg-start", Step("a"), Step("b"));
        var host = await StartHostAsync(workflow);

        var id = await host.Client().StartAsync("pg-start");
        var done = await host.Client().WaitAsync(id, cancellationToken: Cancel());

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(0L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.queue"));
    }

    [SkippableFact]
    public async Task A_start_from_a_host_without_a_worker_is_run_by_another_hosts_worker()
    {
        var workflow = Workflow("pg-api", Step("a"));
        var api = await StartHostAsync(workflow, worker: false);
        await StartHostAsync(workflow);

        var id = await api.Client().StartAsync("pg-api");
        var done = await api.Client().WaitAsync(id, cancellationToken: Cancel());

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
    }

    [SkippableFact]
    public async Task A_signal_posted_by_a_client_queues_the_waiting_execution_and_wakes_a_worker_at_once()
    {
        var workflow = Workflow("pg-signal", Step("approve", c => c.WaitForSignal("approval"), "approval"));
        var worker = await StartHostAsync(workflow, pollInterval: NoPolling);
        var api = await StartHostAsync(workflow, worker: false);

        var id = await api.Client().StartAsync("pg-signal");
        await api.Client().WaitAsync(id, s => s.WaitingForSignal == "approval", Cancel());
        await api.Client().SignalAsync(id, "approval", "\"yes\"");
        var done = await api.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Cancel(WellBeforeAPoll));

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(2, done.FindStep(1)!.Attempts);
        _ = worker;
    }

    [SkippableFact]
    public async Task A_signal_posted_while_its_step_runs_wakes_the_execution_although_its_wait_has_a_far_deadline()
    {
        // The signal arrives after the step began (so not in its attempt) and before its pause is committed: the pause
        // finds it in the inbox and is due at once, not at the deadline.
        var store = Open();
        var workflow = Workflow("pg-racing-signal", AsyncStep("approve", async (c, token) =>
        {
            if (c.Attempt == 1)
            {
                var signal = new PendingSignal { Id = Guid.NewGuid().ToString("N"), Name = "approval", Json = "\"yes\"", Sender = "human:test", SentAt = DateTimeOffset.UtcNow };
                await store.PostSignalAsync(c.ExecutionId, signal, token);
            }
            c.WaitForSignal("approval", DateTimeOffset.UtcNow.AddDays(1));
        }, "approval"));
        var host = await StartHostAsync(workflow, pollInterval: NoPolling);

        var id = await host.Client().StartAsync("pg-racing-signal");
        var done = await host.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Cancel(WellBeforeAPoll));

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(2, done.FindStep(1)!.Attempts);
    }

    [SkippableFact]
    public async Task A_signal_posted_through_the_store_alone_queues_the_execution_waiting_for_it()
    {
        // What `irlexec signal --store` does: the runner over the store, no host. The queue row is the worker's cue.
        var workflow = Workflow("pg-cli-signal", Step("approve", c => c.WaitForSignal("approval"), "approval"));
        var store = Open();
        var runner = new WorkflowRunner(store);
        var paused = await runner.RunAsync(workflow, null, new RunOptions { ExecutionId = "exec_cli_signal" });
        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        Assert.Equal(0L, await QueuedAsync("exec_cli_signal"));

        await runner.SignalAsync("exec_cli_signal", "approval", "\"yes\"", "human:test");

        Assert.Equal("signal", await PostgresServer.ScalarAsync<string>($"SELECT reason FROM {Schema}.queue WHERE execution_id = $1", "exec_cli_signal"));
    }

    [SkippableFact]
    public async Task A_signal_the_execution_does_not_wait_for_does_not_queue_it()
    {
        var workflow = Workflow("pg-other-signal", Step("approve", c => c.WaitForSignal("approval"), "approval", "note"));
        var store = Open();
        var runner = new WorkflowRunner(store);
        await runner.RunAsync(workflow, null, new RunOptions { ExecutionId = "exec_other_signal" });

        await runner.SignalAsync("exec_other_signal", "note", "\"later\"", "human:test");

        Assert.Equal(0L, await QueuedAsync("exec_other_signal"));
    }

    [SkippableFact]
    public async Task A_due_timer_is_claimed_from_the_queue_without_waiting_for_a_poll()
    {
        var workflow = Workflow("pg-timer", Step("cool-down", c => c.PauseFor(TimeSpan.FromMilliseconds(800), "cooling down")));
        var host = await StartHostAsync(workflow, pollInterval: NoPolling);

        var id = await host.Client().StartAsync("pg-timer");
        var paused = await host.Client().WaitAsync(id, s => s.Status == ExecutionStatus.Paused, Cancel());
        var wakeAt = await PostgresServer.ScalarAsync<DateTime>($"SELECT wake_at FROM {Schema}.executions WHERE execution_id = $1", id);
        var done = await host.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Cancel(WellBeforeAPoll));

        Assert.Equal(paused.WakeAt!.Value.UtcDateTime, wakeAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(2, done.FindStep(1)!.Attempts);
        var woken = (await Open().ReadAsync(id, default))!.Last(r => r.Kind == ExecutionEventKind.StepStarted).Timestamp;
        Assert.True(woken >= paused.WakeAt, $"woken at {woken:O}, before its timer {paused.WakeAt:O}");
    }

    [SkippableFact]
    public async Task A_deliberate_pause_is_not_queued_but_a_client_resume_is()
    {
        var workflow = Workflow("pg-human", Step("decide", c => { if (!c.Variables.Contains("approved_by")) c.Pause("waiting for a human"); }));
        var host = await StartHostAsync(workflow, pollInterval: TimeSpan.FromMilliseconds(100));

        var id = await host.Client().StartAsync("pg-human");
        await host.Client().WaitAsync(id, s => s.Status == ExecutionStatus.Paused, Cancel());
        await Task.Delay(500); // several polls
        Assert.Equal(1, (await host.Client().GetAsync(id))!.FindStep(1)!.Attempts);
        var decision = new VariableStore();
        decision.Set("approved_by", "human:test");
        await host.Client().ResumeAsync(id, decision);
        var done = await host.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Cancel());

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
    }

    [SkippableFact]
    public async Task A_resume_that_fails_before_it_can_run_is_queued_again_and_gives_a_persons_pause_no_wake_up()
    {
        var workflow = Workflow("pg-failed-resume", Step("decide", c => c.Pause("a person decides")));
        var host = await StartHostAsync(workflow, retryFailedRunAfter: TimeSpan.FromHours(1));
        var id = await host.Client().StartAsync("pg-failed-resume");
        await host.Client().WaitAsync(id, s => s.Status == ExecutionStatus.Paused, Cancel());
        // A damaged history: the resume fails as it reads it, before anything runs.
        await PostgresServer.ExecuteAsync($"INSERT INTO {Schema}.history (execution_id, sequence, record) VALUES ($1, 1000000, '\\x00')", id);

        await new PostgreSqlWorkQueue(Open()).EnqueueResumeAsync(id, "pg-failed-resume"); // what a client's resume queues (the client reads the history first)
        // The failed run is put off (either way: its request queued again for later, or a wake-up set).
        var cancel = Cancel();
        while (!await PostgresServer.ScalarAsync<bool>(
            $"SELECT EXISTS (SELECT 1 FROM {Schema}.queue WHERE execution_id = $1 AND available_at > now()) OR EXISTS (SELECT 1 FROM {Schema}.executions WHERE execution_id = $1 AND wake_at IS NOT NULL)", id))
        {
            await Task.Delay(50, cancel);
        }

        Assert.Equal("resume", await PostgresServer.ScalarAsync<string>($"SELECT reason FROM {Schema}.queue WHERE execution_id = $1 AND available_at > now() + interval '30 minutes'", id));
        Assert.False(await PostgresServer.ScalarAsync<bool>($"SELECT wake_at IS NOT NULL FROM {Schema}.executions WHERE execution_id = $1", id));
    }

    [SkippableFact]
    public async Task A_worker_whose_listening_connection_is_terminated_listens_again_and_runs_new_work_without_a_poll()
    {
        var workflow = Workflow("pg-relisten", Step("a"));
        await StartHostAsync(workflow, pollInterval: NoPolling);
        var api = await StartHostAsync(workflow, worker: false);
        var listen = $"LISTEN irlexec_queue_{Schema}";
        var cancel = Cancel();
        long listener;
        while ((listener = await PostgresServer.ScalarAsync<long>("SELECT coalesce((SELECT pid FROM pg_stat_activity WHERE query = $1 LIMIT 1), 0)::bigint", listen)) == 0)
        {
            await Task.Delay(50, cancel);
        }

        Assert.True(await PostgresServer.ScalarAsync<bool>("SELECT pg_terminate_backend($1::int)", listener));
        while (await PostgresServer.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1::int)", listener)) await Task.Delay(50, cancel);
        var id = await api.Client().StartAsync("pg-relisten");
        var done = await api.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Cancel(WellBeforeAPoll));

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.True(await PostgresServer.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE query = $1 AND pid <> $2::int)", listen, listener));
    }

    [SkippableFact]
    public async Task A_worker_whose_connection_string_multiplexes_is_woken_by_a_start_without_a_poll()
    {
        // Multiplexing shares physical connections between commands: the listener must still hold one of its own.
        var multiplexing = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer.Require()) { Multiplexing = true }.ConnectionString;
        var workflow = Workflow("pg-multiplexed-wake", Step("a"));
        await StartHostAsync(workflow, pollInterval: NoPolling, connectionString: multiplexing);
        var api = await StartHostAsync(workflow, worker: false, connectionString: multiplexing);
        var cancel = Cancel();
        while (!await PostgresServer.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE query = $1)", $"LISTEN irlexec_queue_{Schema}"))
        {
            await Task.Delay(50, cancel);
        }

        var first = await api.Client().StartAsync("pg-multiplexed-wake");
        var second = await api.Client().StartAsync("pg-multiplexed-wake");

        Assert.Equal(ExecutionStatus.CompletedSuccess, (await api.Client().WaitAsync(first, s => StatusTransitions.IsTerminal(s.Status), Cancel(WellBeforeAPoll))).Status);
        Assert.Equal(ExecutionStatus.CompletedSuccess, (await api.Client().WaitAsync(second, s => StatusTransitions.IsTerminal(s.Status), Cancel(WellBeforeAPoll))).Status);
    }

    [SkippableFact]
    public async Task A_worker_runs_at_most_its_own_limit_of_executions_at_once()
    {
        var gauge = new Gauge(target: 2);
        var workflow = Workflow("pg-worker-limit", Busy(gauge));
        var host = await StartHostAsync(workflow, maxConcurrent: 2);

        var ids = new List<string>();
        for (var i = 0; i < 6; i++) ids.Add(await host.Client().StartAsync("pg-worker-limit"));
        foreach (var id in ids) Assert.Equal(ExecutionStatus.CompletedSuccess, (await host.Client().WaitAsync(id, cancellationToken: Cancel())).Status);

        Assert.Equal(2, gauge.Max);
    }

    [SkippableFact]
    public async Task A_workflows_limit_holds_across_all_workers()
    {
        var gauge = new Gauge(target: 3);
        var limited = Workflow("pg-fleet-limit", Busy(gauge));
        var hosts = new List<IHost>();
        for (var i = 0; i < 3; i++) hosts.Add(await StartHostAsync(limited, maxConcurrent: 4, limits: new() { ["pg-fleet-limit"] = 3 }));

        var ids = new List<string>();
        for (var i = 0; i < 12; i++) ids.Add(await hosts[i % 3].Client().StartAsync("pg-fleet-limit"));
        foreach (var id in ids) Assert.Equal(ExecutionStatus.CompletedSuccess, (await hosts[0].Client().WaitAsync(id, cancellationToken: Cancel())).Status);

        Assert.Equal(3, gauge.Max);
        Assert.Equal(3, await PostgresServer.ScalarAsync<int>($"SELECT max_running FROM {Schema}.workflow_limits WHERE workflow = $1", "pg-fleet-limit"));
    }

    [SkippableFact]
    public async Task An_execution_of_a_stopped_host_is_finished_by_another_worker()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workflow = Workflow("pg-drain", AsyncStep("slow", async (_, token) => await release.Task.WaitAsync(token)), Step("after"));
        var first = await StartHostAsync(workflow, shutdownTimeout: TimeSpan.FromMilliseconds(200));
        var id = await first.Client().StartAsync("pg-drain");
        await UntilAsync(first.Client(), id, s => s.FindStep(1)?.Status == StepStatus.Running); // WaitAsync waits for the run to end

        await first.StopAsync(); // the step is cancelled after the shutdown timeout: PAUSED (cancelled), queued again
        var stopped = (await first.Client().GetAsync(id))!;
        release.SetResult();
        var second = await StartHostAsync(workflow, pollInterval: NoPolling);
        var done = await second.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Cancel(WellBeforeAPoll));

        Assert.Equal(ExecutionStatus.Paused, stopped.Status);
        Assert.StartsWith("cancelled", stopped.StatusReason, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
    }

    [SkippableFact]
    public async Task A_recovery_queued_for_an_execution_that_stopped_running_since_does_not_resume_it()
    {
        // A scan queues a recovery while another worker's claim of the execution's first recovery holds the queue row (the
        // scan waits for the row, finds it gone, queues anew). That recovery then paused the execution for a person (or
        // failed a step past its MaxRecoveryAttempts): the second request, claimed later, must leave it paused.
        const string id = "exec_late_recovery";
        var runs = 0;
        var workflow = Workflow("pg-late-recovery", Step("approve", c =>
        {
            Interlocked.Increment(ref runs);
            c.Pause("a person decides");
        }));
        var store = Open();
        var paused = await new WorkflowRunner(store).RunAsync(workflow, null, new RunOptions { ExecutionId = id });
        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        var recorded = (await store.ReadAsync(id, default))!.Count;
        await PostgresServer.ExecuteAsync($"INSERT INTO {Schema}.queue (execution_id, workflow, reason) VALUES ($1, $2, 'recover')", id, "pg-late-recovery");

        await StartHostAsync(workflow);
        var cancel = Cancel();
        // Claimed (the row is used up), and the claim's lease given up again (its run, if any, has ended).
        while (await QueuedAsync(id) > 0
            || await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.leases WHERE execution_id = $1 AND expires_at > now()", id) > 0)
        {
            await Task.Delay(50, cancel);
        }

        var history = (await store.ReadAsync(id, default))!;
        Assert.Equal(recorded, history.Count);
        Assert.Equal(1, Volatile.Read(ref runs));
        Assert.Equal(ExecutionStatus.Paused, ExecutionStateProjector.Replay(history).Status);
    }

    [SkippableFact]
    public async Task A_wake_queued_again_while_another_worker_claimed_the_execution_does_not_run_its_steps_again()
    {
        // A scan queued the execution's wake-up again while another worker's claim held its row; that worker's run then
        // went on to a step that paused for a person. The late wake-up, claimed by a worker, must leave it paused.
        const string id = "exec_late_wake";
        var decided = 0;
        var workflow = Workflow("pg-late-wake",
            Step("cool-down", c => { if (c.Attempt == 1) c.PauseUntil(DateTimeOffset.UtcNow.AddHours(1)); }),
            Step("decide", c =>
            {
                Interlocked.Increment(ref decided);
                c.Pause("a person decides");
            }));
        Assert.Equal(ExecutionStatus.Paused, (await new WorkflowRunner(Open()).RunAsync(workflow, null, new RunOptions { ExecutionId = id })).Status);
        await PostgresServer.ExecuteAsync($"UPDATE {Schema}.executions SET wake_at = now() - interval '1 second' WHERE execution_id = $1", id); // the timer is due
        Assert.Equal(1, (await new PostgreSqlWorkQueue(Open()).EnqueueDueAsync()).Queued);
        var claimer = Open(owner: "claimer");
        await QueueRace.ClaimWhileQueuedAgainAsync(Schema, new PostgreSqlWorkQueue(claimer), "pg-late-wake", id, () => new PostgreSqlWorkQueue(Open()).EnqueueDueAsync());
        Assert.Equal(ExecutionStatus.Paused, (await new WorkflowRunner(claimer).ResumeAsync(workflow, id)).Status);
        var recorded = (await claimer.ReadAsync(id, default))!.Count;
        Assert.Equal(1L, await QueuedAsync(id));

        await StartHostAsync(workflow);
        var cancel = Cancel();
        // Claimed (the row is used up), and the claim's lease given up again (its run, if any, has ended).
        while (await QueuedAsync(id) > 0
            || await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.leases WHERE execution_id = $1 AND expires_at > now()", id) > 0)
        {
            await Task.Delay(50, cancel);
        }

        var history = (await claimer.ReadAsync(id, default))!;
        Assert.Equal(recorded, history.Count);
        Assert.Equal(1, Volatile.Read(ref decided));
        Assert.Equal("a person decides", ExecutionStateProjector.Replay(history).StatusReason);
    }

    private async Task<IHost> StartHostAsync(WorkflowDefinition workflow, bool worker = true, TimeSpan? pollInterval = null, int maxConcurrent = 4,
        Dictionary<string, int>? limits = null, TimeSpan? shutdownTimeout = null, TimeSpan? retryFailedRunAfter = null, string? connectionString = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(10));
        builder.Services.AddIrlExec(o =>
            {
                o.EnableWorker = worker;
                o.MaxConcurrentExecutions = maxConcurrent;
                o.PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(200);
            })
            .AddWorkflow(workflow)
            .UsePostgreSql(_ => new PostgreSqlStoreOptions { ConnectionString = connectionString ?? PostgresServer.Require(), Schema = Schema, LeaseDuration = TimeSpan.FromSeconds(30) },
                options =>
                {
                    foreach (var (name, limit) in limits ?? []) options.WorkflowLimits[name] = limit;
                    if (retryFailedRunAfter is { } retry) options.RetryFailedRunAfter = retry;
                });
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    private static async Task UntilAsync(IWorkflowClient client, string executionId, Func<ExecutionState, bool> condition)
    {
        var cancel = Cancel();
        while (await client.GetAsync(executionId, cancel) is not { } state || !condition(state)) await Task.Delay(50, cancel);
    }

    private Task<long> QueuedAsync(string executionId) =>
        PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.queue WHERE execution_id = $1", executionId);

    private static CancellationToken Cancel(TimeSpan? after = null) => new CancellationTokenSource(after ?? Timeout).Token;

    public override async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync();
            }
            catch (ObjectDisposedException)
            {
                // Stopped by the test.
            }
            host.Dispose();
        }
        await base.DisposeAsync();
    }

    /// <summary>
    /// How many steps run at once, and the most seen. A step holds until <c>target</c> steps have run at once (or a
    /// minute has passed), then a while longer: a loaded machine may start the executions one at a time, and a step
    /// that only held for a fixed time could end before the next began. More than the limit at once still shows: the
    /// steps hold while the workers could start more.
    /// </summary>
    private sealed class Gauge(int target)
    {
        private int _now;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public async Task HoldAsync(TimeSpan time)
        {
            var now = Interlocked.Increment(ref _now);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }
            try
            {
                var deadline = DateTime.UtcNow.AddMinutes(1);
                while (Max < target && DateTime.UtcNow < deadline) await Task.Delay(20);
                await Task.Delay(time);
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }
    }

    private static (string, Func<StepContext, CancellationToken, Task>, string[]) Busy(Gauge gauge) =>
        AsyncStep("busy", (_, _) => gauge.HoldAsync(TimeSpan.FromMilliseconds(400)));

    private static WorkflowDefinition Workflow(string name, params (string Name, Func<StepContext, CancellationToken, Task> Body, string[] Signals)[] steps)
    {
        var plans = steps.Select((s, i) => new StepPlan
        {
            Order = i + 1,
            Name = s.Name,
            Signals = s.Signals.Length == 0 ? null : s.Signals.Select(n => new StepSignalPlan { Name = n }).ToList(),
        }).ToList();
        return new WorkflowDefinition(new WorkflowPlan { Name = name, Steps = plans },
            steps.Select((s, i) => StepDefinition.Create(plans[i], () => new DelegateStep(s.Body))).ToList());
    }

    private static (string, Func<StepContext, CancellationToken, Task>, string[]) Step(string name, Action<StepContext>? body = null, params string[] signals) =>
        (name, (c, _) => { body?.Invoke(c); return Task.CompletedTask; }, signals);

    private static (string, Func<StepContext, CancellationToken, Task>, string[]) AsyncStep(string name, Func<StepContext, CancellationToken, Task> body, params string[] signals) =>
        (name, body, signals);

    private sealed class DelegateStep(Func<StepContext, CancellationToken, Task> body) : IStep
    {
        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => await body(context, cancellationToken);
    }
}

file static class HostExtensions
{
    public static IWorkflowClient Client(this IHost host) => host.Services.GetRequiredService<IWorkflowClient>();
}

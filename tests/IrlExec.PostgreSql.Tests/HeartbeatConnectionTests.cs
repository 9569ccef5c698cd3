namespace IrlExec.PostgreSql.Tests;

/// <summary>
/// A store hands out a lease only once the heartbeat that renews it has opened its connection: steps that hold the lease
/// may then block every thread-pool thread (opening a connection may need one) without stopping the renewals.
/// </summary>
public sealed class HeartbeatConnectionTests : StoreFixture
{
    [SkippableFact]
    public async Task A_lease_is_acquired_only_after_the_heartbeat_has_opened_its_connection()
    {
        PostgresServer.Require();
        using var heartbeat = new HeartbeatHeldBeforeConnecting();
        var store = Open(owner: heartbeat.Owner);
        await heartbeat.Connecting.WaitAsync(TimeSpan.FromSeconds(60));

        var acquiring = store.AcquireLeaseAsync("exec_heartbeat_first", default).AsTask();

        await heartbeat.AssertHeldBackAsync(acquiring);
        await using var lease = await acquiring.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(store.LeaseEpoch("exec_heartbeat_first"));
    }

    [SkippableFact]
    public async Task An_execution_is_begun_only_after_the_heartbeat_has_opened_its_connection()
    {
        PostgresServer.Require();
        using var heartbeat = new HeartbeatHeldBeforeConnecting();
        var store = Open(owner: heartbeat.Owner);
        await heartbeat.Connecting.WaitAsync(TimeSpan.FromSeconds(60));

        var beginning = store.BeginExecutionAsync("exec_heartbeat_begin", "wf", DateTimeOffset.UtcNow, default).AsTask();

        await heartbeat.AssertHeldBackAsync(beginning);
        await beginning.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(store.LeaseEpoch("exec_heartbeat_begin"));
    }

    [SkippableFact]
    public async Task A_queued_start_is_claimed_only_after_the_heartbeat_has_opened_its_connection()
    {
        PostgresServer.Require();
        await new PostgreSqlWorkQueue(Open()).EnqueueStartAsync("wf", "exec_heartbeat_claim");
        using var heartbeat = new HeartbeatHeldBeforeConnecting();
        var store = Open(owner: heartbeat.Owner);
        await heartbeat.Connecting.WaitAsync(TimeSpan.FromSeconds(60));

        var claiming = new PostgreSqlWorkQueue(store).ClaimAsync(1, ["wf"]);

        await heartbeat.AssertHeldBackAsync(claiming);
        var claimed = Assert.Single(await claiming.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("exec_heartbeat_claim", claimed.ExecutionId);
        Assert.NotNull(store.LeaseEpoch("exec_heartbeat_claim"));
    }

    // Holds the heartbeat of the store with Owner on its thread just before it opens its connection, until released.
    private sealed class HeartbeatHeldBeforeConnecting : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly TaskCompletionSource _connecting = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeartbeatHeldBeforeConnecting()
        {
            LeaseHeartbeat.BeforeConnect = owner =>
            {
                if (owner != Owner) return; // other tests' stores connect as usual
                _connecting.TrySetResult();
                _release.Wait(TimeSpan.FromMinutes(2));
            };
        }

        public string Owner { get; } = "heartbeat-first-" + Guid.NewGuid().ToString("N")[..8];

        public Task Connecting => _connecting.Task;

        // The call waits while the heartbeat has not connected (it would take one round trip, a few milliseconds, if it
        // did not: three seconds bound that), then goes on once the heartbeat may connect.
        public async Task AssertHeldBackAsync(Task call)
        {
            Assert.NotSame(call, await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(3))));
            _release.Set();
        }

        public void Dispose()
        {
            LeaseHeartbeat.BeforeConnect = null;
            _release.Set();
            _release.Dispose();
        }
    }
}

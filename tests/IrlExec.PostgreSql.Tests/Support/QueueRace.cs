using Npgsql;

namespace IrlExec.PostgreSql.Tests.Support;

/// <summary>
/// Reproduces, step by step, a queue row queued again while a worker claims the execution's row: the claim holds the row
/// (<c>FOR UPDATE</c>) while it takes the lease; a scan, a signal's post or a request that queues the same execution
/// waits for that row lock, finds the row deleted once the claim commits, and inserts a new one. The claim is held at its
/// lease by the test's lock on the execution's lease row, and every wait is seen in <c>pg_stat_activity</c>, not slept on.
/// </summary>
internal static class QueueRace
{
    /// <summary>
    /// Claims <paramref name="executionId"/>'s queued row with <paramref name="claimer"/> while <paramref name="enqueue"/>
    /// queues the execution again; returns the claim, once both have committed.
    /// </summary>
    public static async Task<ClaimedExecution> ClaimWhileQueuedAgainAsync(string schema, PostgreSqlWorkQueue claimer, string workflow, string executionId, Func<Task> enqueue)
    {
        // An earlier holder's expired lease: the claim takes it over, and so waits for the test's lock on its row after the
        // claim has locked the execution's queue row.
        await PostgresServer.ExecuteAsync($"""
            INSERT INTO {schema}.leases (execution_id, epoch, owner, expires_at) VALUES ($1, nextval('{schema}.lease_epochs'), 'gone', now() - interval '1 second')
            ON CONFLICT (execution_id) DO UPDATE SET expires_at = now() - interval '1 second'
            """, executionId);
        await using var blocker = new NpgsqlConnection(PostgresServer.Require());
        await blocker.OpenAsync();
        await using var blocking = await blocker.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"SELECT 1 FROM {schema}.leases WHERE execution_id = $1 FOR UPDATE", blocker, blocking))
        {
            hold.Parameters.AddWithValue(executionId);
            await hold.ExecuteNonQueryAsync();
        }

        var claim = claimer.ClaimAsync(1, [workflow]);
        await WaitUntilAsync(() => WaitingOnLockAsync($"%INSERT INTO {schema}.leases%"), "the claim to wait for the lease's row");
        var queued = enqueue();
        await WaitUntilAsync(() => WaitingOnLockAsync($"%INSERT INTO {schema}.queue%"), "the new request to wait for the claimed queue row");
        Assert.False(claim.IsCompleted);
        await blocking.RollbackAsync();

        var claimed = Assert.Single(await claim);
        await queued;
        Assert.Equal(executionId, claimed.ExecutionId);
        return claimed;
    }

    /// <summary>Whether a statement like <paramref name="queryLike"/> waits for a lock.</summary>
    public static Task<bool> WaitingOnLockAsync(string queryLike) =>
        PostgresServer.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1)", queryLike);

    /// <summary>Waits until <paramref name="condition"/> holds, for a generous while (the machine may be loaded).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting for {what}.");
            await Task.Delay(20);
        }
    }
}

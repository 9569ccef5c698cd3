using Npgsql;
using static IrlExec.PostgreSql.Tests.Support.QueueRace;

namespace IrlExec.PostgreSql.Tests;

/// <summary>Leases with fencing: a worker whose lease ran out can append nothing, and another worker takes over.</summary>
public sealed class FencingTests : StoreFixture
{
    [SkippableFact]
    public async Task A_worker_whose_lease_expired_and_was_taken_over_has_its_late_commit_refused()
    {
        var zombie = Open(owner: "zombie");
        var successor = Open(owner: "successor");
        var zombieLease = await zombie.AcquireLeaseAsync("exec_f", default);
        await zombie.AppendAsync("exec_f", [Log(1, "zombie 1"), Log(2, "zombie 2")], flushToDisk: true, default);
        await ExpireLeaseAsync("exec_f");
        await using var successorLease = await successor.AcquireLeaseAsync("exec_f", default);
        await successor.AppendAsync("exec_f", [Log(3, "successor 3")], flushToDisk: true, default);

        var refused = await Assert.ThrowsAsync<ExecutionLeaseLostException>(async () =>
            await zombie.AppendAsync("exec_f", [Log(3, "zombie 3"), Log(4, "zombie 4")], flushToDisk: true, default));

        Assert.Contains("held by successor", refused.Message);
        Assert.Equal(["zombie 1", "zombie 2", "successor 3"], (await successor.ReadAsync("exec_f", default))!.Select(r => r.Message));
        Assert.Equal(1L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.refused_appends WHERE execution_id = 'exec_f' AND owner = 'zombie' AND first_sequence = 3"));
        await zombieLease.DisposeAsync();
        await successor.AppendAsync("exec_f", [Log(4, "successor 4")], flushToDisk: true, default); // releasing the stale lease took nothing from the successor
    }

    [SkippableFact]
    public async Task An_epoch_drawn_again_for_another_worker_does_not_let_the_first_worker_append_or_renew()
    {
        var zombie = Open(owner: "zombie");
        var zombieLease = await zombie.AcquireLeaseAsync("exec_r", default);
        await zombie.AppendAsync("exec_r", [Log(1, "zombie 1")], flushToDisk: true, default);
        // A lease taken in a transaction the server lost in a crash (claims and starts commit without waiting for the
        // flush) may see its epoch drawn again: here another worker holds the execution under the zombie's epoch.
        await PostgresServer.ExecuteAsync($"UPDATE {Schema}.leases SET owner = 'successor' WHERE execution_id = $1", "exec_r");

        var refused = await Assert.ThrowsAsync<ExecutionLeaseLostException>(async () =>
            await zombie.AppendAsync("exec_r", [Log(2, "zombie 2")], flushToDisk: true, default));
        await zombie.RenewLeasesAsync(default);
        await zombieLease.DisposeAsync();

        Assert.Contains("held by successor", refused.Message);
        Assert.Equal(["zombie 1"], (await zombie.ReadAsync("exec_r", default))!.Select(r => r.Message));
        // Neither its heartbeat nor its release touched the successor's lease.
        Assert.Equal("successor", await PostgresServer.ScalarAsync<string>($"SELECT owner FROM {Schema}.leases WHERE execution_id = 'exec_r' AND expires_at > now()"));
    }

    [SkippableFact]
    public async Task A_late_commit_that_was_not_flushed_is_refused_as_well()
    {
        var zombie = Open();
        await using var lease = await zombie.AcquireLeaseAsync("exec_n", default);
        await zombie.AppendAsync("exec_n", [Log(1, "one")], flushToDisk: true, default);
        await ExpireLeaseAsync("exec_n");
        await Open().AcquireLeaseAsync("exec_n", default);

        await Assert.ThrowsAsync<ExecutionLeaseLostException>(async () => await zombie.AppendAsync("exec_n", [Log(2, "two")], flushToDisk: false, default));

        Assert.Single((await zombie.ReadAsync("exec_n", default))!);
    }

    [SkippableFact]
    public async Task An_expired_lease_refuses_appends_even_before_anyone_takes_it_over()
    {
        var worker = Open();
        await using var lease = await worker.AcquireLeaseAsync("exec_e", default);
        await ExpireLeaseAsync("exec_e");

        var refused = await Assert.ThrowsAsync<ExecutionLeaseLostException>(async () => await worker.AppendAsync("exec_e", [Log(1, "late")], flushToDisk: true, default));

        Assert.Contains("expired", refused.Message);
        Assert.Null(await worker.ReadAsync("exec_e", default));
    }

    [SkippableFact]
    public async Task An_append_checks_its_lease_and_leaves_its_renewal_to_the_heartbeat()
    {
        var worker = Open(heartbeat: TimeSpan.FromSeconds(29));
        await using var lease = await worker.AcquireLeaseAsync("exec_c", default);
        var expiry = await ExpiryAsync("exec_c");

        await worker.AppendAsync("exec_c", [Log(1, "one")], flushToDisk: true, default);
        await worker.AppendAsync("exec_c", [Log(2, "two")], flushToDisk: false, default);

        Assert.Equal(expiry, await ExpiryAsync("exec_c"));
        Assert.Equal(2, (await worker.ReadAsync("exec_c", default))!.Count);
    }

    [SkippableFact]
    public async Task Appends_do_not_keep_a_lease_so_one_that_runs_out_between_them_refuses_the_next_before_any_takeover()
    {
        var worker = Open(heartbeat: TimeSpan.FromSeconds(29));
        await using var lease = await worker.AcquireLeaseAsync("exec_a", default);
        await PostgresServer.ExecuteAsync($"UPDATE {Schema}.leases SET expires_at = now() + interval '4 seconds' WHERE execution_id = $1", "exec_a");
        await worker.AppendAsync("exec_a", [Log(1, "in time")], flushToDisk: true, default);
        await WaitUntilAsync(() => PostgresServer.ScalarAsync<bool>($"SELECT expires_at <= now() FROM {Schema}.leases WHERE execution_id = 'exec_a'"), "the lease to run out");

        var refused = await Assert.ThrowsAsync<ExecutionLeaseLostException>(async () => await worker.AppendAsync("exec_a", [Log(2, "late")], flushToDisk: true, default));

        Assert.Contains("expired", refused.Message);
        Assert.Equal(["in time"], (await worker.ReadAsync("exec_a", default))!.Select(r => r.Message));
        Assert.True(worker.LeaseLostToken("exec_a").IsCancellationRequested);
        await using var successor = await Open().AcquireLeaseAsync("exec_a", default);
    }

    [SkippableFact]
    public async Task A_takeover_waits_for_an_append_in_flight_which_lands_whole_before_it()
    {
        var zombie = Open(leaseDuration: TimeSpan.FromSeconds(60), heartbeat: TimeSpan.FromSeconds(59), owner: "zombie");
        var successor = Open(owner: "successor");
        await using var zombieLease = await zombie.AcquireLeaseAsync("exec_w", default);
        await zombie.AppendAsync("exec_w", [Log(1, "zombie 1")], flushToDisk: true, default);
        await PostgresServer.ExecuteAsync($"UPDATE {Schema}.leases SET expires_at = now() + interval '3 seconds' WHERE execution_id = $1", "exec_w");
        // Holds the zombie's next append in flight: another transaction's uncommitted row with the same record number
        // makes its insert wait, after its lease check has locked the lease's row.
        await using var blocker = new NpgsqlConnection(PostgresServer.Require());
        await blocker.OpenAsync();
        await using var blocking = await blocker.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand($"INSERT INTO {Schema}.history (execution_id, sequence, record) VALUES ('exec_w', 2, '\\x0a')", blocker, blocking)) await insert.ExecuteNonQueryAsync();

        var append = zombie.AppendAsync("exec_w", [Log(2, "zombie 2"), Log(3, "zombie 3")], flushToDisk: true, default).AsTask();
        await WaitUntilAsync(() => WaitingOnLockAsync($"%INSERT INTO {Schema}.history%"), "the append to wait on the blocking row");
        await WaitUntilAsync(() => PostgresServer.ScalarAsync<bool>($"SELECT expires_at <= now() FROM {Schema}.leases WHERE execution_id = 'exec_w'"), "the lease to run out");
        var takeover = successor.AcquireLeaseAsync("exec_w", default).AsTask();
        await WaitUntilAsync(() => WaitingOnLockAsync($"INSERT INTO {Schema}.leases%"), "the takeover to wait on the append's lock of the lease");
        Assert.False(takeover.IsCompleted);
        await blocking.RollbackAsync();

        await append;
        await using var successorLease = await takeover;
        Assert.Equal(["zombie 1", "zombie 2", "zombie 3"], (await successor.ReadAsync("exec_w", default))!.Select(r => r.Message));
        await Assert.ThrowsAsync<ExecutionLeaseLostException>(async () => await zombie.AppendAsync("exec_w", [Log(4, "zombie 4")], flushToDisk: true, default));
        await successor.AppendAsync("exec_w", [Log(4, "successor 4")], flushToDisk: true, default);
        Assert.Equal("successor 4", (await successor.ReadAsync("exec_w", default))![^1].Message);
    }

    [SkippableFact]
    public async Task Appends_renew_their_lease_when_the_heartbeat_has_stalled()
    {
        // Lease times are generous against the appends' pace: on a loaded machine a gap between two appends must pass
        // half a lease (2 s) before the lease could run out, so the test checks the renewal, not the scheduler.
        var worker = Open(leaseDuration: TimeSpan.FromSeconds(4));
        worker.HeartbeatStalled = true;
        await using var lease = await worker.AcquireLeaseAsync("exec_s", default);
        var firstExpiry = await ExpiryAsync("exec_s");

        // Appends for two lease durations by the database's clock, one every tenth of a second: the heartbeat renews
        // nothing meanwhile.
        var appended = 0;
        while (!await PostgresServer.ScalarAsync<bool>("SELECT now() > $1 + interval '4 seconds'", firstExpiry))
        {
            appended++;
            await worker.AppendAsync("exec_s", [Log(appended, "step " + appended)], flushToDisk: true, default);
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(appended, (await worker.ReadAsync("exec_s", default))!.Count);
        Assert.False(worker.LeaseLostToken("exec_s").IsCancellationRequested);
        await Assert.ThrowsAsync<ExecutionLeaseException>(async () => await Open().AcquireLeaseAsync("exec_s", default));
    }

    [SkippableFact]
    public async Task A_lease_whose_heartbeat_stalled_runs_out_without_appends_and_is_taken_over()
    {
        // A 4 s lease: the append right after taking it must not find it run out because the machine stalled for a second.
        var zombie = Open(leaseDuration: TimeSpan.FromSeconds(4));
        zombie.HeartbeatStalled = true;
        await using var lease = await zombie.AcquireLeaseAsync("exec_z", default);
        await zombie.AppendAsync("exec_z", [Log(1, "one")], flushToDisk: true, default);

        await WaitUntilAsync(() => PostgresServer.ScalarAsync<bool>($"SELECT expires_at <= now() FROM {Schema}.leases WHERE execution_id = 'exec_z'"), "the lease to run out");
        await using var successor = await Open().AcquireLeaseAsync("exec_z", default);

        await Assert.ThrowsAsync<ExecutionLeaseLostException>(async () => await zombie.AppendAsync("exec_z", [Log(2, "late")], flushToDisk: true, default));
        Assert.Single((await zombie.ReadAsync("exec_z", default))!);
    }

    [SkippableFact]
    public async Task The_heartbeat_keeps_a_lease_past_its_duration()
    {
        // A beat every sixteenth of the lease: the heartbeat would have to stall for 3.75 s on a loaded machine before the
        // lease could run out, so the test checks the renewal, not the scheduler.
        var worker = Open(leaseDuration: TimeSpan.FromSeconds(4), heartbeat: TimeSpan.FromMilliseconds(250));
        await using var lease = await worker.AcquireLeaseAsync("exec_h", default);
        var firstExpiry = await ExpiryAsync("exec_h");

        await WaitUntilAsync(() => PostgresServer.ScalarAsync<bool>("SELECT now() > $1 + interval '1 second'", firstExpiry), "the lease's first expiry to pass");

        await Assert.ThrowsAsync<ExecutionLeaseException>(async () => await Open().AcquireLeaseAsync("exec_h", default));
        await worker.AppendAsync("exec_h", [Log(1, "still mine")], flushToDisk: true, default);
        Assert.False(worker.LeaseLostToken("exec_h").IsCancellationRequested);
    }

    [SkippableFact]
    public async Task The_heartbeat_keeps_a_lease_past_its_duration_when_the_connection_string_asks_for_multiplexing()
    {
        // Multiplexing allows no synchronous command, which the heartbeat sends: its connection is one without it.
        await using var worker = new PostgreSqlExecutionStore(new PostgreSqlStoreOptions
        {
            ConnectionString = PostgresServer.Require() + ";Multiplexing=true",
            Schema = Schema,
            LeaseDuration = TimeSpan.FromSeconds(4),
            HeartbeatInterval = TimeSpan.FromMilliseconds(250),
            Owner = "multiplexing",
        });
        await using var lease = await worker.AcquireLeaseAsync("exec_m", default);
        var firstExpiry = await ExpiryAsync("exec_m");

        await WaitUntilAsync(() => PostgresServer.ScalarAsync<bool>("SELECT now() > $1 + interval '1 second'", firstExpiry), "the lease's first expiry to pass");

        await Assert.ThrowsAsync<ExecutionLeaseException>(async () => await Open().AcquireLeaseAsync("exec_m", default));
        await worker.AppendAsync("exec_m", [Log(1, "still mine")], flushToDisk: true, default);
    }

    [SkippableFact]
    public async Task The_heartbeat_tells_a_worker_its_lease_was_taken_over()
    {
        var zombie = Open();
        await using var lease = await zombie.AcquireLeaseAsync("exec_t", default);
        var lost = zombie.LeaseLostToken("exec_t");
        await ExpireLeaseAsync("exec_t");
        await Open().AcquireLeaseAsync("exec_t", default);

        await zombie.RenewLeasesAsync(default);

        Assert.True(lost.IsCancellationRequested);
    }

    [SkippableFact]
    public async Task Disposing_a_store_does_not_wait_for_a_renewal_stuck_on_a_lock()
    {
        // A two-minute lease: a renewal left to its command timeout (the lease's duration) would hold the disposal that long.
        var worker = Open(leaseDuration: TimeSpan.FromMinutes(2), heartbeat: TimeSpan.FromMilliseconds(200));
        await worker.AcquireLeaseAsync("exec_d", default);
        await using var blocker = new NpgsqlConnection(PostgresServer.Require());
        await blocker.OpenAsync();
        await using var blocking = await blocker.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"SELECT 1 FROM {Schema}.leases WHERE execution_id = 'exec_d' FOR UPDATE", blocker, blocking)) await hold.ExecuteNonQueryAsync();
        await WaitUntilAsync(() => WaitingOnLockAsync($"%UPDATE {Schema}.leases AS l SET expires_at%"), "the heartbeat's renewal to wait on the lease's row");

        await worker.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

        await WaitUntilAsync(async () => !await WaitingOnLockAsync($"%UPDATE {Schema}.leases AS l SET expires_at%"), "the renewal to be cancelled");
        await blocking.RollbackAsync();
    }

    [SkippableFact]
    public async Task Every_taking_of_a_lease_has_a_higher_epoch_even_after_a_release()
    {
        var worker = Open();
        var epochs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            await using var lease = await worker.AcquireLeaseAsync("exec_p", default);
            epochs.Add(worker.LeaseEpoch("exec_p")!.Value);
        }
        var other = Open();
        await using (await other.AcquireLeaseAsync("exec_p", default)) epochs.Add(other.LeaseEpoch("exec_p")!.Value);

        Assert.Equal(epochs.Order(), epochs);
        Assert.Equal(epochs.Count, epochs.Distinct().Count());
    }

    [SkippableFact]
    public async Task A_store_that_holds_no_lease_cannot_append()
    {
        var worker = Open();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await worker.AppendAsync("exec_x", [Log(1, "x")], flushToDisk: true, default));

        Assert.Contains("AcquireLeaseAsync", error.Message);
    }

    [SkippableFact]
    public async Task A_record_number_written_twice_is_refused_with_the_execution_named()
    {
        var worker = Open();
        await using var lease = await worker.AcquireLeaseAsync("exec_dup", default);
        await worker.AppendAsync("exec_dup", [Log(1, "one")], flushToDisk: true, default);

        var error = await Assert.ThrowsAsync<ExecutionDataException>(async () => await worker.AppendAsync("exec_dup", [Log(1, "again")], flushToDisk: true, default));

        Assert.Contains("exec_dup", error.Message);
        Assert.Equal(["one"], (await worker.ReadAsync("exec_dup", default))!.Select(r => r.Message));
    }

    private Task<DateTime> ExpiryAsync(string executionId) =>
        PostgresServer.ScalarAsync<DateTime>($"SELECT expires_at FROM {Schema}.leases WHERE execution_id = $1", executionId);
}

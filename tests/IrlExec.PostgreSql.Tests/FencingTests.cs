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
    public async Task The_heartbeat_keeps_a_lease_past_its_duration()
    {
        var worker = Open(leaseDuration: TimeSpan.FromSeconds(1), heartbeat: TimeSpan.FromMilliseconds(200));
        await using var lease = await worker.AcquireLeaseAsync("exec_h", default);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        await Assert.ThrowsAsync<ExecutionLeaseException>(async () => await Open().AcquireLeaseAsync("exec_h", default));
        await worker.AppendAsync("exec_h", [Log(1, "still mine")], flushToDisk: true, default);
        Assert.False(worker.LeaseLostToken("exec_h").IsCancellationRequested);
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
}

using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace IrlExec.PostgreSql;

/// <summary>
/// The executions waiting for a worker: new ones, ones to resume (interrupted, signalled, timer due, resumed by a
/// person). Workers (the hosted worker of <c>IrlExec.Hosting.PostgreSql</c>) claim them with <c>FOR UPDATE SKIP LOCKED</c>
/// and take each claimed execution's lease in the same transaction, within a global limit of running executions per
/// workflow (<see cref="SetWorkflowLimitAsync"/>); every new row is announced with <c>NOTIFY</c> so that idle workers
/// (<see cref="ListenAsync"/>) wake at once. See docs/postgresql.md.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a work queue: a table workers take executions from.")]
public sealed class PostgreSqlWorkQueue
{
    private readonly PostgreSqlExecutionStore _store;

    /// <summary>A queue in <paramref name="store"/>'s schema; claimed leases are held by that store.</summary>
    public PostgreSqlWorkQueue(PostgreSqlExecutionStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    private Sql Sql => _store.Statements;

    /// <summary>
    /// Queues a new execution of <paramref name="workflow"/> with id <paramref name="executionId"/>, to be started by a
    /// worker with <paramref name="variables"/>. A secret variable is refused: the queue row is not a history and would
    /// keep it in clear; give secrets to the workers another way.
    /// </summary>
    /// <exception cref="ArgumentException">A variable is secret, or a name is not valid.</exception>
    /// <exception cref="WorkflowException">An execution of that id is queued or exists already.</exception>
    public async Task EnqueueStartAsync(string workflow, string executionId, VariableStore? variables = null, string? actor = null, CancellationToken cancellationToken = default)
    {
        PathSafety.WorkflowName(workflow);
        PathSafety.ExecutionId(executionId);
        var json = VariablesJson(variables, "a queued start");
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _store.DataSource.CreateCommand(Sql.EnqueueStart);
        command.Parameters.AddWithValue(executionId);
        command.Parameters.AddWithValue(workflow);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)json ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)actor ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new WorkflowException($"An execution with id '{executionId}' is queued or exists already; resume it or choose another id.");
        }
    }

    /// <summary>
    /// Queues an existing execution to be resumed by a worker (a person's decision, a resume asked through a client),
    /// with <paramref name="variables"/> set first. When it is already queued or running, it runs once more after that.
    /// Signals need no call: posting one queues the execution waiting for it, and workers queue due timers themselves.
    /// </summary>
    /// <exception cref="ArgumentException">A variable is secret (the queue row would keep it in clear), or a name is not valid.</exception>
    public Task EnqueueResumeAsync(string executionId, string workflow, string reason = "resume", VariableStore? variables = null, CancellationToken cancellationToken = default) =>
        EnqueueResumeAfterAsync(executionId, workflow, reason, variables, TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// Queues again a claimed request (<see cref="ClaimedExecution.IsRequest"/>) whose run failed before it could run, not
    /// to be claimed before <paramref name="delay"/>: the request stands, and is tried again then.
    /// </summary>
    internal Task EnqueueRequestAgainAsync(ClaimedExecution claimed, TimeSpan delay, CancellationToken cancellationToken = default) =>
        EnqueueResumeAfterAsync(claimed.ExecutionId, claimed.Workflow, claimed.Reason, claimed.Variables(), delay, cancellationToken);

    private async Task EnqueueResumeAfterAsync(string executionId, string workflow, string reason, VariableStore? variables, TimeSpan delay, CancellationToken cancellationToken)
    {
        PathSafety.ExecutionId(executionId);
        PathSafety.WorkflowName(workflow);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (reason == "start") throw new ArgumentException("'start' is the reason of a queued start (EnqueueStartAsync).", nameof(reason));
        var json = VariablesJson(variables, "a queued resume");
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _store.DataSource.CreateCommand(Sql.EnqueueResume);
        command.Parameters.AddWithValue(executionId);
        command.Parameters.AddWithValue(workflow);
        command.Parameters.AddWithValue(reason);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)json ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue(Math.Max(0, delay.TotalSeconds));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? VariablesJson(VariableStore? variables, string what)
    {
        if (variables is not { Count: > 0 }) return null;
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var name in variables.Names)
        {
            if (variables.IsSecret(name)) throw new ArgumentException($"Variable '{name}' is secret: {what} keeps its variables in the queue table, in clear. Give secrets to the workers otherwise (e.g. their configuration).", nameof(variables));
            using var document = JsonDocument.Parse(variables.GetJson(name));
            values[name] = document.RootElement.Clone();
        }
        return JsonSerializer.Serialize(values, QueueJsonContext.Default.DictionaryStringJsonElement);
    }

    /// <summary>Whether the execution waits in the queue (a start not begun yet, a resume not claimed yet).</summary>
    public async Task<bool> IsQueuedAsync(string executionId, CancellationToken cancellationToken = default)
    {
        PathSafety.ExecutionId(executionId);
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _store.DataSource.CreateCommand(Sql.IsQueued);
        command.Parameters.AddWithValue(executionId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Queues what is due and nobody holds (workers call it at every poll): executions left running whose lease ran out
    /// (their worker died, hung or was cut off), paused executions whose timer is due or whose awaited signal arrived,
    /// and executions a stopping host paused. Returns how many it queued and when the next timer is due.
    /// </summary>
    public async Task<DueWork> EnqueueDueAsync(CancellationToken cancellationToken = default)
    {
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _store.DataSource.CreateCommand(Sql.EnqueueDue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var queued = (int)reader.GetInt64(0);
        TimeSpan? next = reader.IsDBNull(1) ? null : TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(1)));
        return new DueWork(queued, next);
    }

    /// <summary>
    /// Puts off a claimed execution whose run failed before it could run (a missing secret, a damaged history, a plan
    /// it cannot resume with): neither its queue row nor its wake-up is taken again before <paramref name="delay"/>. Only
    /// an execution that is due (left running, or paused with its timer due, its signal in its inbox, or stopped by its
    /// host) is put off; one that waits (for a person, a signal not yet posted, a timer not yet due) or has finished is
    /// left as it is: it gets no wake-up from this.
    /// </summary>
    public async Task DeferAsync(string executionId, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        PathSafety.ExecutionId(executionId);
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _store.DataSource.CreateCommand(Sql.Defer);
        command.Parameters.AddWithValue(executionId);
        command.Parameters.AddWithValue(Math.Max(0, delay.TotalSeconds));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>At most <paramref name="maxRunning"/> executions of <paramref name="workflow"/> run at once across all workers; null removes the limit.</summary>
    public async Task SetWorkflowLimitAsync(string workflow, int? maxRunning, CancellationToken cancellationToken = default)
    {
        PathSafety.WorkflowName(workflow);
        if (maxRunning is <= 0) throw new ArgumentOutOfRangeException(nameof(maxRunning), "The limit must be at least 1 (null: no limit).");
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _store.DataSource.CreateCommand(maxRunning is null ? Sql.RemoveLimit : Sql.SetLimit);
        command.Parameters.AddWithValue(workflow);
        if (maxRunning is { } max) command.Parameters.AddWithValue(max);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims up to <paramref name="capacity"/> queued executions of the given workflows that nobody holds, within each
    /// workflow's global limit, taking their leases (held by the store, handed to the runner's <c>AcquireLeaseAsync</c>).
    /// Rows locked by another worker's claim are skipped, not waited for. A row is taken only for what its execution still
    /// needs once the lease is held (docs/postgresql.md, "Late and duplicate rows"): a late one is removed instead, and
    /// its place is claimed again.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedExecution>> ClaimAsync(int capacity, IReadOnlyCollection<string> workflows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        if (capacity <= 0 || workflows.Count == 0) return [];
        await _store.LeaseReadyAsync(cancellationToken).ConfigureAwait(false);
        var registered = new List<ClaimedExecution>();
        // The places of late rows are claimed again at once (a few passes at most: each pass removes the rows it dropped).
        for (var pass = 0; pass < 4 && registered.Count < capacity; pass++)
        {
            var (taken, dropped) = await ClaimOnceAsync(capacity - registered.Count, workflows, cancellationToken).ConfigureAwait(false);
            registered.AddRange(taken);
            if (dropped == 0) break;
        }
        return registered;
    }

    private async Task<(List<ClaimedExecution> Registered, int Dropped)> ClaimOnceAsync(int capacity, IReadOnlyCollection<string> workflows, CancellationToken cancellationToken)
    {
        var claimed = new List<ClaimedExecution>();
        var dropped = 0;
        long takenAt = 0;
        await using (var connection = await _store.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            var candidates = new List<(ClaimedExecution Item, int? Limit)>();
            // The claim commits without waiting for the WAL flush: a claim lost with the server's crash took nothing that
            // stays taken (its leases and the requests it used up are lost with it; an append under such a lease is refused).
            await using (var select = new NpgsqlBatch(connection, transaction))
            {
                select.BatchCommands.Add(new NpgsqlBatchCommand(global::IrlExec.PostgreSql.Sql.AsynchronousCommit));
                var candidatesCommand = new NpgsqlBatchCommand(Sql.ClaimCandidates);
                candidatesCommand.Parameters.AddWithValue(capacity);
                candidatesCommand.Parameters.AddWithValue(workflows.ToArray());
                select.BatchCommands.Add(candidatesCommand);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    candidates.Add((new ClaimedExecution(
                        reader.GetString(0), reader.GetString(1), reader.GetString(2),
                        reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), 0,
                        reader.GetFieldValue<DateTime>(6)), reader.IsDBNull(5) ? null : reader.GetInt32(5)));
                }
            }
            // A workflow's limit counts the leases of its running executions: claims of one workflow wait for one another
            // (an advisory lock until commit), so two workers never both take its last free place.
            var allowed = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var workflow in candidates.Where(c => c.Limit is not null).Select(c => c.Item.Workflow).Distinct().Order(StringComparer.Ordinal))
            {
                await using (var lockCommand = new NpgsqlCommand(Sql.LockWorkflow, connection, transaction))
                {
                    lockCommand.Parameters.AddWithValue($"irlexec-workflow:{Sql.Schema}:{workflow}");
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await using var count = new NpgsqlCommand(Sql.RunningOfWorkflow, connection, transaction);
                count.Parameters.AddWithValue(workflow);
                var running = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                allowed[workflow] = Math.Max(0, candidates.First(c => c.Item.Workflow == workflow).Limit!.Value - (int)running);
            }
            var taking = new List<ClaimedExecution>(candidates.Count);
            foreach (var (item, limit) in candidates)
            {
                if (limit is not null)
                {
                    if (allowed[item.Workflow] == 0) continue;
                    allowed[item.Workflow]--;
                }
                taking.Add(item);
            }
            if (taking.Count > 0)
            {
                // Every lease in one statement (one round trip however many are claimed). A request to resume is used up
                // by its claim. A start's row stays until its run ends (CompleteAsync): a worker that dies before creating
                // the execution leaves it to be started by another; once the execution exists, the row is not claimed
                // again, and the interrupted-execution scan turns it into a recovery.
                var epochs = new Dictionary<string, long>(taking.Count, StringComparer.Ordinal);
                takenAt = Stopwatch.GetTimestamp();
                await using (var take = new NpgsqlCommand(Sql.ClaimLeases, connection, transaction))
                {
                    take.Parameters.AddWithValue(taking.Select(t => t.ExecutionId).ToArray());
                    take.Parameters.AddWithValue(_store.Options.Owner);
                    take.Parameters.AddWithValue(_store.Options.LeaseDuration.TotalSeconds);
                    take.Parameters.AddWithValue(taking.Select(t => t.Workflow).ToArray());
                    await using var reader = await take.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) epochs[reader.GetString(0)] = reader.GetInt64(1);
                }
                var held = taking.Where(t => epochs.ContainsKey(t.ExecutionId)).Select(t => t with { Epoch = epochs[t.ExecutionId] }).ToList();
                if (held.Count > 0)
                {
                    // With the leases held, what each row asks for is checked against its execution as it is now: a late
                    // row (queued again while another claim held it, for what that claim's run has handled since) is
                    // dropped here, its lease given up in this transaction. See Sql.ClaimCheckSql.
                    var standing = new Dictionary<string, string>(held.Count, StringComparer.Ordinal);
                    await using (var check = new NpgsqlCommand(Sql.ClaimCheck, connection, transaction))
                    {
                        check.Parameters.AddWithValue(held.Select(t => t.ExecutionId).ToArray());
                        check.Parameters.AddWithValue(held.Select(t => t.Epoch).ToArray());
                        check.Parameters.AddWithValue(held.Select(t => t.Reason).ToArray());
                        await using var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) standing[reader.GetString(0)] = reader.GetString(1);
                    }
                    foreach (var item in held)
                    {
                        if (standing.TryGetValue(item.ExecutionId, out var reason)) claimed.Add(item with { Reason = reason });
                        else dropped++;
                    }
                }
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        var registered = new List<ClaimedExecution>(claimed.Count);
        foreach (var item in claimed)
        {
            if (_store.RegisterClaimed(item.ExecutionId, item.Epoch, takenAt))
            {
                registered.Add(item);
                continue;
            }
            // A runner of this process still winds the execution down (its lease is gone from the database, not yet from
            // this store): the claim is given back, and a resume request it used up is queued again (announced: this
            // worker or another claims it once that runner has let go).
            await _store.ReleaseInDatabaseAsync(item.ExecutionId, item.Epoch).ConfigureAwait(false);
            if (!item.IsStart) await EnqueueResumeAsync(item.ExecutionId, item.Workflow, item.Reason, item.Variables(), CancellationToken.None).ConfigureAwait(false);
        }
        return (registered, dropped);
    }

    /// <summary>
    /// Removes a claimed start's queue row once its run has ended, if the execution exists (a start whose creation was
    /// refused stays queued for another worker), and gives up the claimed lease if no runner took it.
    /// </summary>
    /// <remarks>
    /// Not in the append that creates the execution: that append holds the lease's row, and a claim racing it (which saw
    /// the start before the lease was taken) holds the start's row and waits for the lease's: the two would deadlock.
    /// </remarks>
    public async Task CompleteAsync(ClaimedExecution claimed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        await _store.ReleaseUnusedClaimAsync(claimed.ExecutionId, claimed.Epoch).ConfigureAwait(false);
        await using var command = _store.DataSource.CreateCommand(Sql.Dequeue);
        command.Parameters.AddWithValue(claimed.ExecutionId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Listens on the queue's channel (a connection of its own, outside the store's pool and never multiplexed, kept open) until disposed: <see cref="QueueListener.WaitAsync"/>
    /// returns when work was queued or the timeout passed.
    /// </summary>
    public async Task<QueueListener> ListenAsync(CancellationToken cancellationToken = default)
    {
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = _store.CreateListenerConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var listen = new NpgsqlCommand($"LISTEN {Sql.QueueChannel}", connection);
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new QueueListener(connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

/// <summary>An execution a worker claimed from the queue; its lease is held by the store until the run gives it up.</summary>
/// <param name="ExecutionId">The execution.</param>
/// <param name="Workflow">Its workflow.</param>
/// <param name="Reason">
/// Why it was queued, as it stands under the claim's lease: <c>start</c>, <c>recover</c> (its worker's lease ran out),
/// <c>wake</c> (its timer is due, its signal arrived, or its host stopped it), <c>signal</c> (a signal it waits for was
/// posted), <c>drained</c> (its worker stopped while it ran), <c>resume</c> (asked for). A scan's or a signal's row is
/// claimed as <c>recover</c> when the execution is left running, and a <c>recover</c> row as <c>wake</c> when it is paused
/// and due.
/// </param>
/// <param name="VariablesJson">The variables to set, as a JSON object: a start's arguments, or a resume's (null when none).</param>
/// <param name="Actor">For a start: who started it.</param>
/// <param name="Epoch">The lease epoch taken.</param>
/// <param name="EnqueuedAt">When it was (last) queued.</param>
public sealed record ClaimedExecution(string ExecutionId, string Workflow, string Reason, string? VariablesJson, string? Actor, long Epoch, DateTime EnqueuedAt)
{
    /// <summary>Whether it is a new execution to start (it may already exist if a worker died while starting it).</summary>
    public bool IsStart => Reason == "start";

    /// <summary>Whether it was asked for (<c>resume</c>, or a caller's own reason), rather than a start or a scan's or a signal's row.</summary>
    internal bool IsRequest => Reason is not ("start" or "wake" or "signal" or "drained" or "recover");

    /// <summary>The variables of <see cref="VariablesJson"/>, or null when none.</summary>
    public VariableStore? Variables()
    {
        if (VariablesJson is null) return null;
        var variables = new VariableStore();
        using var document = JsonDocument.Parse(VariablesJson);
        foreach (var property in document.RootElement.EnumerateObject()) variables.SetJson(property.Name, property.Value.GetRawText());
        return variables;
    }
}

/// <summary>What <see cref="PostgreSqlWorkQueue.EnqueueDueAsync"/> found.</summary>
/// <param name="Queued">How many executions it queued.</param>
/// <param name="NextDueIn">When the next timer (or put-off queue row) is due, from now; null when none is set.</param>
public sealed record DueWork(int Queued, TimeSpan? NextDueIn);

/// <summary>A connection listening on the queue's channel.</summary>
public sealed class QueueListener : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    internal QueueListener(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Waits until work is queued (a notification) or <paramref name="timeout"/> passes; true when notified.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        await _connection.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}

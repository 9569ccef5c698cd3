using System.Text.Json;
using Npgsql;

namespace IrlExec.PostgreSql;

/// <summary>
/// The executions waiting for a worker: new ones, ones to resume (interrupted, signalled, resumed by a person). Workers
/// claim them with <c>FOR UPDATE SKIP LOCKED</c> and take each claimed execution's lease in the same transaction, within
/// a global limit of running executions per workflow (<see cref="SetWorkflowLimitAsync"/>); every new row is announced
/// with <c>NOTIFY</c> so that idle workers (<see cref="ListenAsync"/>) wake at once. See docs/postgresql.md.
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
    public async Task EnqueueStartAsync(string workflow, string executionId, VariableStore? variables = null, string? actor = null, CancellationToken cancellationToken = default)
    {
        PathSafety.WorkflowName(workflow);
        PathSafety.ExecutionId(executionId);
        string? json = null;
        if (variables is { Count: > 0 })
        {
            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var name in variables.Names)
            {
                if (variables.IsSecret(name)) throw new ArgumentException($"Variable '{name}' is secret: a queued start keeps its variables in the queue table, in clear. Give secrets to the workers otherwise (e.g. their configuration).", nameof(variables));
                using var document = JsonDocument.Parse(variables.GetJson(name));
                values[name] = document.RootElement.Clone();
            }
            json = JsonSerializer.Serialize(values, QueueJsonContext.Default.DictionaryStringJsonElement);
        }
        await EnqueueAsync(executionId, workflow, "start", json, actor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues an existing execution to be resumed by a worker (e.g. after a signal, or a person's decision). When it is
    /// already queued or running, it runs once more after that.
    /// </summary>
    public Task EnqueueResumeAsync(string executionId, string workflow, string reason = "resume", CancellationToken cancellationToken = default) =>
        EnqueueAsync(PathSafety.ExecutionId(executionId), PathSafety.WorkflowName(workflow), reason, null, null, cancellationToken);

    private async Task EnqueueAsync(string executionId, string workflow, string reason, string? variablesJson, string? actor, CancellationToken cancellationToken)
    {
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _store.DataSource.CreateCommand(Sql.Enqueue);
        command.Parameters.AddWithValue(executionId);
        command.Parameters.AddWithValue(workflow);
        command.Parameters.AddWithValue(reason);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)variablesJson ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)actor ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues every execution left running whose lease has run out (its worker died, hung or was cut off), to be taken
    /// over. Returns how many it queued. Workers call it at every poll.
    /// </summary>
    public async Task<int> EnqueueInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _store.DataSource.CreateCommand(Sql.EnqueueInterrupted);
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) count++;
        return count;
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
    /// Rows locked by another worker's claim are skipped, not waited for.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedExecution>> ClaimAsync(int capacity, IReadOnlyCollection<string> workflows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        if (capacity <= 0 || workflows.Count == 0) return [];
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var claimed = new List<ClaimedExecution>();
        await using (var connection = await _store.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            var candidates = new List<(ClaimedExecution Item, int? Limit)>();
            await using (var select = new NpgsqlCommand(Sql.ClaimCandidates, connection, transaction))
            {
                select.Parameters.AddWithValue(capacity);
                select.Parameters.AddWithValue(workflows.ToArray());
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
            foreach (var (item, limit) in candidates)
            {
                if (limit is not null)
                {
                    if (allowed[item.Workflow] == 0) continue;
                    allowed[item.Workflow]--;
                }
                await using var take = new NpgsqlCommand(Sql.ClaimLease, connection, transaction);
                take.Parameters.AddWithValue(item.ExecutionId);
                take.Parameters.AddWithValue(_store.Options.Owner);
                take.Parameters.AddWithValue(_store.Options.LeaseDuration.TotalSeconds);
                take.Parameters.AddWithValue(item.Workflow);
                if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long epoch) continue;
                claimed.Add(item with { Epoch = epoch });
                if (item.IsStart) continue;
                // A request to resume is used up by this claim. A start's row stays until its run ends (CompleteAsync): a
                // worker that dies before creating the execution leaves it to be started by another; once the execution
                // exists, the row is not claimed again, and the interrupted-execution scan turns it into a recovery.
                await using var dequeue = new NpgsqlCommand(Sql.DequeueClaimed, connection, transaction);
                dequeue.Parameters.AddWithValue(item.ExecutionId);
                await dequeue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        var registered = new List<ClaimedExecution>(claimed.Count);
        foreach (var item in claimed)
        {
            if (_store.RegisterClaimed(item.ExecutionId, item.Epoch)) registered.Add(item);
            else await _store.ReleaseInDatabaseAsync(item.ExecutionId, item.Epoch).ConfigureAwait(false); // a runner of this process still winds it down
        }
        return registered;
    }

    /// <summary>
    /// Removes a claimed start's queue row once its run has ended, if the execution exists (a start whose creation was
    /// refused stays queued for another worker), and gives up the claimed lease if no runner took it.
    /// </summary>
    public async Task CompleteAsync(ClaimedExecution claimed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        await _store.ReleaseUnusedClaimAsync(claimed.ExecutionId).ConfigureAwait(false);
        await using var command = _store.DataSource.CreateCommand(Sql.Dequeue);
        command.Parameters.AddWithValue(claimed.ExecutionId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Listens on the queue's channel (its own connection, kept open) until disposed: <see cref="QueueListener.WaitAsync"/>
    /// returns when work was queued or the timeout passed.
    /// </summary>
    public async Task<QueueListener> ListenAsync(CancellationToken cancellationToken = default)
    {
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _store.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
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
/// <param name="Reason">Why it was queued: <c>start</c>, <c>recover</c>, <c>resume</c>, <c>signal</c>, ... (comma-separated when queued again).</param>
/// <param name="StartVariablesJson">For a start: its variables, as a JSON object (null when none).</param>
/// <param name="Actor">For a start: who started it.</param>
/// <param name="Epoch">The lease epoch taken.</param>
/// <param name="EnqueuedAt">When it was (last) queued.</param>
public sealed record ClaimedExecution(string ExecutionId, string Workflow, string Reason, string? StartVariablesJson, string? Actor, long Epoch, DateTime EnqueuedAt)
{
    /// <summary>Whether it is a new execution to start (it may already exist if a worker died while starting it).</summary>
    public bool IsStart => Reason == "start";
}

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

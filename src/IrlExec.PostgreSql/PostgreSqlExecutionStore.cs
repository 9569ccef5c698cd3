using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace IrlExec.PostgreSql;

/// <summary>
/// Executions in PostgreSQL, shared by any number of worker processes on any number of machines. The history is an
/// append-only table holding each record in the file history's line format (<see cref="HistoryCodec"/>); run labels are
/// reserved in one statement; the schema is created or migrated on first use. An execution is run under a lease with an
/// expiry that a heartbeat renews; every append names the lease's epoch and is refused, in the same transaction, when
/// that lease has expired or been taken over, so a paused or cut-off worker's late commit never lands between another
/// worker's records. See docs/postgresql.md.
/// </summary>
public sealed class PostgreSqlExecutionStore : IExecutionStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly Sql _sql;
    private readonly ConcurrentDictionary<string, HeldLease> _held = new(StringComparer.Ordinal);
    private readonly LeaseHeartbeat _heartbeat;
    private readonly NpgsqlDataSource _heartbeatSource;
    private readonly string _listenerConnectionString;
    private readonly double _leaseSeconds;
    // An append renews its lease itself only when the lease has gone this long without a renewal: the heartbeat (every
    // third of the lease by default) has stalled or failed, and the appends keep the lease as long as they go on.
    private readonly TimeSpan _renewInAppendAfter;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;
    private int _disposed;

    /// <summary>
    /// Creates a store. Its lease heartbeat opens its own connection at once, in the background (a failure there is
    /// retried at every beat); nothing else is sent to the database until the store is first used.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public PostgreSqlExecutionStore(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        // Every statement is sent again and again: prepared once per connection, they skip parsing and planning.
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 32;
        // The store changes no session state (its only setting is transaction-local), so a pooled connection needs no reset.
        builder.NoResetOnClose = true;
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "irlexec";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _sql = new Sql(options.Schema);
        _leaseSeconds = options.LeaseDuration.TotalSeconds;
        _renewInAppendAfter = options.LeaseDuration / 2;
        // The heartbeat's connection comes from a pool of its own, used only synchronously by the heartbeat's thread: a
        // socket once used asynchronously completes even its synchronous reads through the thread pool (on Unix), which
        // steps may have starved; and multiplexing allows no synchronous command.
        _heartbeatSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Multiplexing = false, MinPoolSize = 0, MaxPoolSize = 1 }.ConnectionString);
        _heartbeat = new LeaseHeartbeat(_heartbeatSource, _sql, _held, options.EffectiveHeartbeat, options.LeaseDuration, options.Owner);
        // LISTEN belongs to one server session: a multiplexed connection sends each command over any pooled session and
        // waits for no notification, so the listener opens a physical connection of its own, outside the pool.
        _listenerConnectionString = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Multiplexing = false, Pooling = false }.ConnectionString;
    }

    /// <summary>Creates a store over <paramref name="connectionString"/> with the default options.</summary>
    public PostgreSqlExecutionStore(string connectionString) : this(new PostgreSqlStoreOptions { ConnectionString = connectionString }) { }

    /// <summary>The options it was created with.</summary>
    public PostgreSqlStoreOptions Options { get; }

    /// <summary>The schema version this code creates and writes (the highest script in <c>Schema/</c>).</summary>
    public static int SchemaVersion => SchemaMigrator.CurrentVersion;

    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>A new connection, not pooled nor multiplexed, for a session that must stay one (LISTEN).</summary>
    internal NpgsqlConnection CreateListenerConnection() => new(_listenerConnectionString);

    internal Sql Statements => _sql;

    /// <summary>
    /// Before a lease is taken (acquired, begun with, or claimed from the queue): the schema exists, and the heartbeat that
    /// renews the lease has tried to open its connection. Steps run under a lease may block every thread-pool thread, and
    /// opening a connection may need one: once its connection is open the heartbeat needs none (see LeaseHeartbeat).
    /// </summary>
    internal async ValueTask LeaseReadyAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await _heartbeat.ConnectTried.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the schema or brings it up to date now (every other call does it on first use). Safe when many workers
    /// start at once: each migration script is applied once.
    /// </summary>
    /// <exception cref="WorkflowException">The database's schema is newer than this code.</exception>
    public async ValueTask EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_schemaReady) return;
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady) return;
            await SchemaMigrator.MigrateAsync(_dataSource, Options.Schema, cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        PathSafety.WorkflowName(workflow);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        // Every run of a workflow on a day takes the same row: committed without waiting for the WAL flush, so that the
        // row's lock is not held through one, and concurrent starts do not queue behind each other's flushes. A number
        // lost with an unflushed commit (the server crashed) was used by no execution: the append that creates the
        // execution is flushed, which flushes this commit too, as it comes before it in the write-ahead log.
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Sql.AsynchronousCommit));
        var reserve = new NpgsqlBatchCommand(_sql.ReserveRunNumber);
        reserve.Parameters.AddWithValue(workflow);
        reserve.Parameters.AddWithValue(day);
        batch.BatchCommands.Add(reserve);
        int number;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            number = reader.GetInt32(0);
        }
        return $"{workflow}-{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-{number:000}";
    }

    /// <inheritdoc />
    /// <remarks>
    /// The caller must hold the execution's lease (<see cref="AcquireLeaseAsync"/>), as the runner does: the records are
    /// inserted only if that lease is still the execution's current one and has not expired, in the same statement,
    /// which locks the lease's row so that a takeover waits for it. The heartbeat renews the lease; the append renews it
    /// only when the heartbeat has left it unrenewed for half its duration. An append with <paramref name="flushToDisk"/> false commits without waiting for the
    /// write-ahead log to reach the disk (<c>synchronous_commit = off</c> for that transaction): it survives the worker
    /// being killed, and the next flushed append makes it durable.
    /// </remarks>
    /// <exception cref="ExecutionLeaseLostException">The lease expired or was taken over: nothing was appended.</exception>
    /// <exception cref="InvalidOperationException">This store holds no lease on the execution.</exception>
    public async ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        PathSafety.ExecutionId(executionId);
        if (records.Count == 0) return;
        if (!_held.TryGetValue(executionId, out var lease))
        {
            throw new InvalidOperationException($"Appending to execution '{executionId}' needs its lease: call AcquireLeaseAsync first (every append is checked against it).");
        }
        var sequences = new long[records.Count];
        var encoded = new byte[records.Count][];
        var buffer = new ArrayBufferWriter<byte>(512);
        string? workflow = null, runLabel = null, status = null;
        var wake = default(WakeRule);
        List<string>? signalNames = null;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            buffer.ResetWrittenCount();
            HistoryCodec.Encode(record, buffer);
            encoded[i] = buffer.WrittenSpan.ToArray();
            sequences[i] = record.Sequence;
            switch (record.Kind)
            {
                case ExecutionEventKind.ExecutionCreated:
                    workflow = record.Workflow;
                    runLabel = record.RunLabel;
                    status = StatusTransitions.ToWireName(ExecutionStatus.Planning);
                    wake = default;
                    break;
                case ExecutionEventKind.StatusChanged when record.Status is { } to:
                    status = StatusTransitions.ToWireName(to);
                    wake = wake.After(to, record.Message);
                    break;
                case ExecutionEventKind.StepPaused:
                    wake = WakeRule.Paused(record.Name, record.WakeAt);
                    break;
                case ExecutionEventKind.SignalReceived when record.Name is { } signal:
                    (signalNames ??= []).Add(signal);
                    break;
                case ExecutionEventKind.StateRestored when record.RestoredState is { } restored:
                    workflow = restored.Workflow;
                    runLabel = restored.RunLabel;
                    status = StatusTransitions.ToWireName(restored.Status);
                    wake = restored.Status == ExecutionStatus.Paused
                        ? new WakeRule(restored.WaitingForSignal, restored.WakeAt, false, true).After(ExecutionStatus.Paused, restored.StatusReason)
                        : default;
                    break;
            }
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = _dataSource.CreateBatch();
        if (!flushToDisk) batch.BatchCommands.Add(new NpgsqlBatchCommand(Sql.AsynchronousCommit));
        // An append that ends the execution gives its lease up in the same statement: nothing is appended after an end.
        var ending = status is not null && (status == CompletedSuccessStatus || status == CompletedFailureStatus);
        // The heartbeat renews the lease; the append only checks it, unless the heartbeat has fallen behind (see _renewInAppendAfter).
        var renew = !ending && lease.UnrenewedFor(_renewInAppendAfter);
        var append = new NpgsqlBatchCommand(ending ? _sql.AppendEnding
            : (status is not null ? _sql.AppendWithStatus : signalNames is not null ? _sql.AppendWithSignals : _sql.Append).For(renew));
        append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = executionId, NpgsqlDbType = NpgsqlDbType.Text });
        append.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lease.Epoch, NpgsqlDbType = NpgsqlDbType.Bigint });
        append.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = sequences, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        append.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = encoded, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        append.Parameters.Add(new NpgsqlParameter<double> { TypedValue = _leaseSeconds, NpgsqlDbType = NpgsqlDbType.Double });
        append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Options.Owner, NpgsqlDbType = NpgsqlDbType.Text });
        if (status is not null)
        {
            append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workflow ?? "", NpgsqlDbType = NpgsqlDbType.Text });
            append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = runLabel ?? "", NpgsqlDbType = NpgsqlDbType.Text });
            append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status, NpgsqlDbType = NpgsqlDbType.Text });
            var paused = status == PausedStatus;
            append.Parameters.Add(new NpgsqlParameter { Value = paused && wake.Signal is { } awaited ? awaited : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            append.Parameters.Add(new NpgsqlParameter { Value = paused && wake.At is { } at ? at.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            append.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = paused && wake.Now, NpgsqlDbType = NpgsqlDbType.Boolean });
        }
        else if (signalNames is not null)
        {
            append.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. signalNames], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }
        batch.BatchCommands.Add(append);
        long inserted;
        var sentAt = Stopwatch.GetTimestamp();
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!flushToDisk) await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            inserted = reader.GetInt64(0);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ExecutionDataException($"{_sql.Schema}.history", (int)Math.Min(int.MaxValue, sequences[0]),
                $"execution '{executionId}' already has a record numbered {sequences[0]}..{sequences[^1]}: records are only ever appended, never written twice.", e);
        }
        if (inserted == records.Count)
        {
            if (ending) lease.MarkReleased();
            else if (renew) lease.Renewed(sentAt);
            return;
        }
        await RefuseAsync(lease, sequences[0], records.Count, cancellationToken).ConfigureAwait(false);
    }

    private static readonly string PausedStatus = StatusTransitions.ToWireName(ExecutionStatus.Paused);
    private static readonly string CompletedSuccessStatus = StatusTransitions.ToWireName(ExecutionStatus.CompletedSuccess);
    private static readonly string CompletedFailureStatus = StatusTransitions.ToWireName(ExecutionStatus.CompletedFailure);

    // When a paused execution is to be woken, from the records of one append (see Schema/004_wake.sql): the signal and
    // timer of the step that paused in it, or at once when its host stopped it (a pause whose reason is "cancelled...").
    // A pause without a StepPaused in the same append (a failed step, a person's pause) waits for a person.
    private readonly record struct WakeRule(string? Signal, DateTimeOffset? At, bool Now, bool StepPaused)
    {
        public static WakeRule Paused(string? signal, DateTimeOffset? at) => new(signal, at, false, true);

        public WakeRule After(ExecutionStatus to, string? reason)
        {
            if (to != ExecutionStatus.Paused) return default;
            if (reason?.StartsWith("cancelled", StringComparison.Ordinal) == true) return new(null, null, true, StepPaused);
            return StepPaused ? this : default;
        }
    }

    // The append inserted nothing: its lease is not the execution's current one. Says why, and records the refusal.
    private async Task RefuseAsync(HeldLease lease, long firstSequence, int count, CancellationToken cancellationToken)
    {
        lease.MarkLost();
        string detail;
        await using (var command = _dataSource.CreateCommand(_sql.LeaseNow))
        {
            command.Parameters.AddWithValue(lease.ExecutionId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                detail = $"this worker ran it under lease epoch {lease.Epoch}, which has expired and nobody holds it now.";
            }
            else
            {
                var epoch = reader.GetInt64(0);
                var owner = reader.GetString(1);
                var expires = reader.GetFieldValue<DateTimeOffset>(2);
                var valid = reader.GetBoolean(3);
                detail = epoch == lease.Epoch && owner == Options.Owner
                    ? $"this worker's lease (epoch {lease.Epoch}) expired at {expires:O}."
                    : $"this worker ran it under lease epoch {lease.Epoch}; it is now epoch {epoch}, held by {owner} until {expires:O}{(valid ? "" : " (expired)")}.";
            }
        }
        await using (var record = _dataSource.CreateCommand(_sql.RecordRefusal))
        {
            record.Parameters.AddWithValue(lease.ExecutionId);
            record.Parameters.AddWithValue(lease.Epoch);
            record.Parameters.AddWithValue(Options.Owner);
            record.Parameters.AddWithValue(firstSequence);
            record.Parameters.AddWithValue(count);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        throw new ExecutionLeaseLostException(lease.ExecutionId, detail);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string executionId, CancellationToken cancellationToken)
    {
        PathSafety.ExecutionId(executionId);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var where = $"{_sql.Schema}.history[{executionId}]";
        var data = new ArrayBufferWriter<byte>(4096);
        var rows = 0;
        await using (var command = _dataSource.CreateCommand(_sql.Read))
        {
            command.Parameters.AddWithValue(executionId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows++;
                var record = reader.GetFieldValue<byte[]>(1);
                // One record per row, each a whole line: a row that is not one would shift every record after it.
                if (record.Length == 0 || record[^1] != (byte)'\n' || Array.IndexOf(record, (byte)'\n') != record.Length - 1)
                {
                    throw new ExecutionDataException(where, rows, $"history record {reader.GetInt64(0)} is damaged: a row must hold exactly one record line ending with a newline.");
                }
                data.Write(record);
            }
        }
        if (rows == 0) return null;
        return HistoryCodec.Decode(data.WrittenSpan, where).Records;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        await using var command = _dataSource.CreateCommand(_sql.List);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <inheritdoc />
    /// <remarks>One row of <c>signals</c>; the lease holder records it in the history and deletes it.</remarks>
    public async ValueTask PostSignalAsync(string executionId, PendingSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        PathSafety.ExecutionId(executionId);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.PostSignal);
        command.Parameters.AddWithValue(executionId);
        command.Parameters.AddWithValue(signal.Id);
        command.Parameters.AddWithValue(signal.Name);
        command.Parameters.AddWithValue(signal.Json);
        command.Parameters.AddWithValue((object?)signal.Sender ?? DBNull.Value);
        command.Parameters.AddWithValue(signal.SentAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string executionId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var signals = new List<PendingSignal>();
        await using var command = _dataSource.CreateCommand(_sql.ReadSignals);
        command.Parameters.AddWithValue(executionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            signals.Add(new PendingSignal
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                Json = reader.GetString(2),
                Sender = reader.IsDBNull(3) ? null : reader.GetString(3),
                SentAt = reader.GetFieldValue<DateTimeOffset>(4),
            });
        }
        return signals;
    }

    /// <inheritdoc />
    public async ValueTask RemovePendingSignalsAsync(string executionId, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (signals.Count == 0) return;
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.RemoveSignals);
        command.Parameters.AddWithValue(executionId);
        command.Parameters.AddWithValue(signals.Select(s => s.Id).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every execution with its workflow, run label, status (as of its last status change) and current lease holder.</summary>
    public async ValueTask<IReadOnlyList<StoredExecution>> ListExecutionsAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var executions = new List<StoredExecution>();
        await using var command = _dataSource.CreateCommand(_sql.ListExecutions);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!StatusTransitions.TryParseExecutionStatus(reader.GetString(3), out var status))
            {
                throw new ExecutionDataException($"{_sql.Schema}.executions", 0, $"execution '{reader.GetString(0)}' has the unknown status '{reader.GetString(3)}'.");
            }
            executions.Add(new StoredExecution(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), status,
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return executions;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The lease lasts <see cref="PostgreSqlStoreOptions.LeaseDuration"/> and is renewed by this store's heartbeat (and by
    /// an append, when the heartbeat has left it unrenewed for half that time). A lease whose holder stopped renewing it is taken over here once it has expired.
    /// </remarks>
    public async ValueTask<IAsyncDisposable> AcquireLeaseAsync(string executionId, CancellationToken cancellationToken)
    {
        PathSafety.ExecutionId(executionId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // One runner per execution per store: a runner whose lease was lost keeps its entry until it lets go, so a new
        // runner in this process cannot take the execution while the old one may still try to append.
        if (_held.TryGetValue(executionId, out var claimed) && claimed.TryTakeForRunner()) return claimed; // claimed from the queue by this worker
        var placeholder = new HeldLease(executionId, 0, static _ => ValueTask.CompletedTask, 0);
        if (!_held.TryAdd(executionId, placeholder)) throw new ExecutionLeaseException(executionId);
        try
        {
            await LeaseReadyAsync(cancellationToken).ConfigureAwait(false);
            await using var command = _dataSource.CreateCommand(_sql.AcquireLease);
            command.Parameters.AddWithValue(executionId);
            command.Parameters.AddWithValue(Options.Owner);
            command.Parameters.AddWithValue(_leaseSeconds);
            var sentAt = Stopwatch.GetTimestamp();
            var epoch = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (epoch is not long taken) throw new ExecutionLeaseException(executionId);
            var lease = new HeldLease(executionId, taken, ReleaseAsync, sentAt);
            _held[executionId] = lease;
            return lease;
        }
        catch
        {
            _held.TryRemove(new KeyValuePair<string, HeldLease>(executionId, placeholder));
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One round trip, one transaction: the lease is taken (unless this worker claimed the execution from the queue, which
    /// took it), the history is checked to be empty, and the run number is reserved (only when the id is new and the lease
    /// is held). The transaction commits without waiting for the WAL flush, as a run label's does: the append that
    /// creates the execution is flushed, which makes it durable too, and nothing is appended under the lease before that.
    /// </remarks>
    /// <exception cref="ExecutionLeaseLostException">The lease this worker claimed from the queue has run out: nothing was written.</exception>
    public async ValueTask<ExecutionBeginning> BeginExecutionAsync(string executionId, string workflow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        PathSafety.ExecutionId(executionId);
        PathSafety.WorkflowName(workflow);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        HeldLease? lease = null;
        HeldLease? placeholder = null;
        if (_held.TryGetValue(executionId, out var claimed) && claimed.TryTakeForRunner())
        {
            lease = claimed; // claimed from the queue by this worker
        }
        else
        {
            // As AcquireLeaseAsync: one runner per execution per store.
            placeholder = new HeldLease(executionId, 0, static _ => ValueTask.CompletedTask, 0);
            if (!_held.TryAdd(executionId, placeholder)) throw new ExecutionLeaseException(executionId);
        }
        bool isNew;
        int? number;
        try
        {
            await LeaseReadyAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = _dataSource.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Sql.AsynchronousCommit));
            if (lease is null)
            {
                var acquire = new NpgsqlBatchCommand(_sql.AcquireLease);
                acquire.Parameters.AddWithValue(executionId);
                acquire.Parameters.AddWithValue(Options.Owner);
                acquire.Parameters.AddWithValue(_leaseSeconds);
                batch.BatchCommands.Add(acquire);
            }
            var begin = new NpgsqlBatchCommand(_sql.BeginExecution);
            begin.Parameters.AddWithValue(executionId);
            begin.Parameters.AddWithValue(workflow);
            begin.Parameters.AddWithValue(day);
            begin.Parameters.AddWithValue(Options.Owner);
            batch.BatchCommands.Add(begin);
            long? epoch = null;
            var sentAt = Stopwatch.GetTimestamp();
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                if (lease is null)
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) epoch = reader.GetInt64(0);
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                }
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                isNew = reader.GetBoolean(0);
                number = reader.IsDBNull(1) ? null : reader.GetInt32(1);
            }
            if (lease is null)
            {
                if (epoch is not { } taken) throw new ExecutionLeaseException(executionId);
                lease = new HeldLease(executionId, taken, ReleaseAsync, sentAt);
                _held[executionId] = lease;
            }
        }
        catch
        {
            if (placeholder is not null) _held.TryRemove(new KeyValuePair<string, HeldLease>(executionId, placeholder));
            if (lease is not null) await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        if (isNew && number is { } reserved)
        {
            return new ExecutionBeginning(lease, $"{workflow}-{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-{reserved:000}");
        }
        await lease.DisposeAsync().ConfigureAwait(false);
        if (!isNew) throw new ExecutionExistsException(executionId);
        throw new ExecutionLeaseLostException(executionId, $"this worker's lease (epoch {lease.Epoch}) ran out before the execution was created; nothing was written.");
    }

    /// <summary>Records a lease the queue claimed (in its own transaction) for the runner to take over. False when this store already holds one.</summary>
    internal bool RegisterClaimed(string executionId, long epoch, long takenAt) => _held.TryAdd(executionId, HeldLease.Claimed(executionId, epoch, ReleaseAsync, takenAt));

    /// <summary>
    /// Gives up a lease claimed from the queue (epoch <paramref name="epoch"/>) that no runner took (the run failed before
    /// it began). A later claim of the same execution is not this one's to give up.
    /// </summary>
    internal async ValueTask ReleaseUnusedClaimAsync(string executionId, long epoch)
    {
        if (_held.TryGetValue(executionId, out var lease) && lease.Epoch == epoch && lease.TryTakeForRunner()) await lease.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Whether the execution's lease in the database is still the one of <paramref name="epoch"/> and unexpired.</summary>
    internal async Task<bool> HoldsInDatabaseAsync(string executionId, long epoch)
    {
        await using var command = _dataSource.CreateCommand(_sql.LeaseNow);
        command.Parameters.AddWithValue(executionId);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
        return await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false) && reader.GetInt64(0) == epoch && reader.GetString(1) == Options.Owner && reader.GetBoolean(3);
    }

    /// <summary>Gives up a lease taken in the database that this store could not register (it already holds one).</summary>
    internal async ValueTask ReleaseInDatabaseAsync(string executionId, long epoch)
    {
        await using var command = _dataSource.CreateCommand(_sql.ReleaseLease);
        command.Parameters.AddWithValue(executionId);
        command.Parameters.AddWithValue(epoch);
        command.Parameters.AddWithValue(Options.Owner);
        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// A token cancelled when this store's lease on <paramref name="executionId"/> is found lost (expired or taken over);
    /// <see cref="CancellationToken.None"/> when it holds none. A worker cancels the running step with it.
    /// </summary>
    public CancellationToken LeaseLostToken(string executionId) =>
        _held.TryGetValue(executionId, out var lease) ? lease.Lost : CancellationToken.None;

    /// <summary>The epoch of this store's lease on <paramref name="executionId"/>, or null when it holds none.</summary>
    public long? LeaseEpoch(string executionId) =>
        _held.TryGetValue(executionId, out var lease) && lease.Epoch != 0 ? lease.Epoch : null;

    private async ValueTask ReleaseAsync(HeldLease lease)
    {
        try
        {
            // Given up already by the append that ended the execution.
            if (lease.IsReleased) return;
            // Not waiting for the WAL flush: a release lost with the server's crash leaves the lease to run out by itself.
            await using var batch = _dataSource.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Sql.AsynchronousCommit));
            var release = new NpgsqlBatchCommand(_sql.ReleaseLease);
            release.Parameters.AddWithValue(lease.ExecutionId);
            release.Parameters.AddWithValue(lease.Epoch);
            release.Parameters.AddWithValue(Options.Owner);
            batch.BatchCommands.Add(release);
            await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Unreachable: the lease runs out by itself after LeaseDuration.
        }
        finally
        {
            _held.TryRemove(new KeyValuePair<string, HeldLease>(lease.ExecutionId, lease));
        }
    }

    /// <summary>For tests: stalls the heartbeat (its beats do nothing) or lets it go on.</summary>
    internal bool HeartbeatStalled
    {
        get => _heartbeat.Stalled;
        set => _heartbeat.Stalled = value;
    }

    /// <summary>For tests: how many renewals the heartbeat has made, and its last error (null after a success).</summary>
    internal (int Renewals, Exception? LastError) HeartbeatStatus => (_heartbeat.Renewals, _heartbeat.LastError);

    /// <summary>Renews every held lease now (the heartbeat does it every <see cref="PostgreSqlStoreOptions.HeartbeatInterval"/>).</summary>
    internal Task RenewLeasesAsync(CancellationToken cancellationToken) => _heartbeat.RenewNowAsync(cancellationToken);

    /// <summary>Stops the heartbeat (held leases then run out) and closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await _heartbeatSource.DisposeAsync().ConfigureAwait(false);
        _schemaGate.Dispose();
    }
}

/// <summary>An execution as the PostgreSQL store lists it.</summary>
/// <param name="ExecutionId">Its id.</param>
/// <param name="Workflow">Its workflow.</param>
/// <param name="RunLabel">Its run label (<c>&lt;workflow&gt;-&lt;date&gt;-&lt;NNN&gt;</c>).</param>
/// <param name="Status">Its status as of its last status change.</param>
/// <param name="CreatedAt">When its first record was appended (database clock).</param>
/// <param name="UpdatedAt">When its status last changed (database clock).</param>
/// <param name="LeaseOwner">Who holds its lease now, or null when nobody does.</param>
/// <param name="LeaseExpiresAt">When that lease runs out unless renewed.</param>
public sealed record StoredExecution(
    string ExecutionId, string Workflow, string RunLabel, ExecutionStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? LeaseOwner, DateTimeOffset? LeaseExpiresAt)
{
    /// <summary>Whether a worker holds it now (a live lease).</summary>
    public bool IsLeased => LeaseOwner is not null;
}

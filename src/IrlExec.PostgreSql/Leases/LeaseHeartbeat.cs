using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace IrlExec.PostgreSql;

/// <summary>
/// Renews the leases a store holds, all in one statement, every heartbeat interval (appends only check their lease, and
/// renew it only when this has fallen behind: see PostgreSqlExecutionStore.AppendAsync). A lease the database no longer
/// renews (it expired, e.g. while the process was paused, and may have been taken over) is marked lost; the appends made
/// under it are refused by the database whatever this loop knows.
/// </summary>
/// <remarks>
/// The heartbeat runs on a thread of its own, with Npgsql's synchronous API on a connection of its own (from a pool of
/// its own, which nothing else uses, opened when the heartbeat starts and kept open: opening one may need the thread
/// pool, which steps may have starved by the time a lease is held): neither the thread pool nor the store's free
/// connections are needed for a renewal. A single command, not a batch: Npgsql's synchronous batch was seen to stall
/// on a starved pool (StarvedHeartbeatTests).
/// Steps that block every thread-pool thread (waiting synchronously on async work, spinning on the CPU) or take every
/// pooled connection would otherwise stop the renewals, and another worker would take their executions over and run
/// their side effects again while they still run.
/// </remarks>
internal sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly Sql _sql;
    private readonly ConcurrentDictionary<string, HeldLease> _held;
    private readonly TimeSpan _interval;
    private readonly double _leaseSeconds;
    private readonly int _commandTimeoutSeconds;
    private readonly string _owner;
    private readonly Thread _thread;
    // Set to wake the thread before its next beat: to stop, or to beat now (RenewNowAsync).
    private readonly AutoResetEvent _wake = new(false);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _connectTried = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TaskCompletionSource> _beatRequests = [];
    private volatile bool _stopping;
    private volatile Exception? _lastError;
    private int _disposed;

    // Only the heartbeat's thread uses it: opened when the heartbeat starts, kept open, closed on an error (and opened again).
    private NpgsqlConnection? _connection;

    // The renewal under way, if any: cancelled by a stop that finds it stuck (waiting on a lock, an unreachable database).
    private volatile NpgsqlCommand? _inFlight;

    public LeaseHeartbeat(NpgsqlDataSource dataSource, Sql sql, ConcurrentDictionary<string, HeldLease> held, TimeSpan interval, TimeSpan leaseDuration, string owner)
    {
        _owner = owner;
        _dataSource = dataSource;
        _sql = sql;
        _held = held;
        _interval = interval;
        _leaseSeconds = leaseDuration.TotalSeconds;
        // A renewal that takes longer than a lease is of no use: it is given up, its connection closed, and the next beat
        // tries again on a new one.
        _commandTimeoutSeconds = (int)Math.Max(1, Math.Ceiling(leaseDuration.TotalSeconds));
        _thread = new Thread(Run) { IsBackground = true, Name = "IrlExec lease heartbeat" };
        _thread.Start();
    }

    /// <summary>For tests: the beats do nothing, as when the heartbeat's statements fail.</summary>
    internal volatile bool Stalled;

    /// <summary>The last renewal's error, if it failed (the database unreachable); null once a renewal succeeds.</summary>
    public Exception? LastError => _lastError;

    /// <summary>
    /// Completes once the heartbeat has tried to open its connection (at its start, on its own thread). The store hands
    /// out no lease before: steps that hold a lease may starve the thread pool, and opening a connection may need it.
    /// </summary>
    public Task ConnectTried => _connectTried.Task;

    /// <summary>For tests: called on the heartbeat's thread just before it opens its connection, with the store's owner.</summary>
    internal static Action<string>? BeforeConnect;

    /// <summary>How many renewals have succeeded (for tests that look at a starved process from outside).</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    private int _renewals;

    private void Run()
    {
        try
        {
            Connect(); // at once: opening a connection may need the thread pool, which steps may starve later
            _connectTried.TrySetResult();
            var next = Stopwatch.GetTimestamp() + TicksOf(_interval);
            while (true)
            {
                // Beats keep their pace (as a periodic timer's ticks): a slow renewal shortens the wait for the next one.
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero) _wake.WaitOne(wait);
                if (_stopping) return;
                List<TaskCompletionSource>? requested = null;
                lock (_beatRequests)
                {
                    if (_beatRequests.Count > 0)
                    {
                        requested = [.. _beatRequests];
                        _beatRequests.Clear();
                    }
                }
                var due = Stopwatch.GetTimestamp() >= next;
                if (due) next = Math.Max(next + TicksOf(_interval), Stopwatch.GetTimestamp());
                if (requested is not null || (due && !Stalled)) Renew();
                if (requested is not null) foreach (var request in requested) request.TrySetResult();
            }
        }
        finally
        {
            CloseConnection();
            lock (_beatRequests)
            {
                foreach (var request in _beatRequests) request.TrySetCanceled();
                _beatRequests.Clear();
            }
            _connectTried.TrySetResult();
            _stopped.TrySetResult();
        }
    }

    private static long TicksOf(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);

    private void Renew()
    {
        var leases = _held.Values.Where(l => !l.IsLost && !l.IsReleased).ToList(); // a snapshot: a lease in it may be released meanwhile
        if (leases.Count == 0) return;
        try
        {
            _connection ??= _dataSource.OpenConnection();
            using var command = new NpgsqlCommand(_sql.RenewLeases, _connection) { CommandTimeout = _commandTimeoutSeconds };
            command.Parameters.AddWithValue(leases.Select(l => l.ExecutionId).ToArray());
            command.Parameters.AddWithValue(leases.Select(l => l.Epoch).ToArray());
            command.Parameters.AddWithValue(_leaseSeconds);
            command.Parameters.AddWithValue(_owner);
            var renewed = new HashSet<string>(StringComparer.Ordinal);
            var sentAt = Stopwatch.GetTimestamp();
            _inFlight = command;
            try
            {
                using var reader = command.ExecuteReader();
                while (reader.Read()) renewed.Add(reader.GetString(0));
            }
            finally
            {
                _inFlight = null;
            }
            foreach (var lease in leases)
            {
                if (renewed.Contains(lease.ExecutionId)) lease.Renewed(sentAt);
                // Released while the statement ran: not lost, just gone.
                else if (_held.TryGetValue(lease.ExecutionId, out var current) && ReferenceEquals(current, lease)) lease.MarkLost();
            }
            _lastError = null;
            Interlocked.Increment(ref _renewals);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The database is unreachable (or anything else went wrong): the next beat tries again on a new connection. The
            // heartbeat is what renews the leases (appends only when it has fallen behind), so it never stops on an error.
            // If this lasts, the leases run out and appends are refused.
            _lastError = e;
            CloseConnection();
        }
    }

    private void Connect()
    {
        BeforeConnect?.Invoke(_owner);
        try
        {
            _connection ??= _dataSource.OpenConnection();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _lastError = e; // the first renewal tries again
        }
    }

    private void CloseConnection()
    {
        var connection = _connection;
        _connection = null;
        try
        {
            connection?.Dispose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A broken connection: nothing to give back.
        }
    }

    /// <summary>Renews every held lease now, on the heartbeat's thread (whether or not it is <see cref="Stalled"/>); completes after that beat.</summary>
    public Task RenewNowAsync(CancellationToken cancellationToken)
    {
        var request = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_beatRequests)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _beatRequests.Add(request);
        }
        _wake.Set();
        return request.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the beats and gives the heartbeat's connection back. A renewal under way is waited for up to one heartbeat
    /// interval, then cancelled (it waits on a lock, or the database does not answer), and waited for up to one interval
    /// more; a renewal that still has not returned then ends on its own (at its command timeout) with its thread.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        lock (_beatRequests) _stopping = true;
        _wake.Set();
        if (!await StoppedWithinAsync(_interval).ConfigureAwait(false))
        {
            try
            {
                _inFlight?.Cancel();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Finished meanwhile, or the database cannot be reached to cancel it: it ends at its command timeout.
            }
            await StoppedWithinAsync(_interval).ConfigureAwait(false);
        }
        if (_stopped.Task.IsCompleted) _wake.Dispose(); // otherwise the thread still uses it
    }

    private async Task<bool> StoppedWithinAsync(TimeSpan time) =>
        await Task.WhenAny(_stopped.Task, Task.Delay(time)).ConfigureAwait(false) == _stopped.Task;
}

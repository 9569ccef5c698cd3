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
internal sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly Sql _sql;
    private readonly ConcurrentDictionary<string, HeldLease> _held;
    private readonly TimeSpan _interval;
    private readonly double _leaseSeconds;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private readonly string _owner;

    public LeaseHeartbeat(NpgsqlDataSource dataSource, Sql sql, ConcurrentDictionary<string, HeldLease> held, TimeSpan interval, TimeSpan leaseDuration, string owner)
    {
        _owner = owner;
        _dataSource = dataSource;
        _sql = sql;
        _held = held;
        _interval = interval;
        _leaseSeconds = leaseDuration.TotalSeconds;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>For tests: the beats do nothing, as when the heartbeat's thread is starved or its statements fail.</summary>
    internal volatile bool Stalled;

    /// <summary>The last renewal's error, if it failed (the database unreachable); null once a renewal succeeds.</summary>
    public Exception? LastError { get; private set; }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (!Stalled) await RenewAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    internal async Task RenewAsync(CancellationToken cancellationToken)
    {
        var leases = _held.Values.Where(l => !l.IsLost && !l.IsReleased).ToList(); // a snapshot: a lease in it may be released meanwhile
        if (leases.Count == 0) return;
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.RenewLeases);
            command.Parameters.AddWithValue(leases.Select(l => l.ExecutionId).ToArray());
            command.Parameters.AddWithValue(leases.Select(l => l.Epoch).ToArray());
            command.Parameters.AddWithValue(_leaseSeconds);
            command.Parameters.AddWithValue(_owner);
            var renewed = new HashSet<string>(StringComparer.Ordinal);
            var sentAt = Stopwatch.GetTimestamp();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) renewed.Add(reader.GetString(0));
            }
            foreach (var lease in leases)
            {
                if (renewed.Contains(lease.ExecutionId)) lease.Renewed(sentAt);
                // Released while the statement ran: not lost, just gone.
                else if (_held.TryGetValue(lease.ExecutionId, out var current) && ReferenceEquals(current, lease)) lease.MarkLost();
            }
            LastError = null;
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The database is unreachable (or anything else went wrong): the next beat tries again. The heartbeat is what
            // renews the leases (appends only when it has fallen behind), so it never stops on an error. If this lasts,
            // the leases run out and appends are refused.
            LastError = e;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}

using System.Collections.Concurrent;
using Npgsql;

namespace IrlExec.PostgreSql;

/// <summary>
/// Renews the leases a store holds, all in one statement, every heartbeat interval. A lease the database no longer
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

    /// <summary>The last renewal's error, if it failed (the database unreachable); null once a renewal succeeds.</summary>
    public Exception? LastError { get; private set; }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await RenewAsync(_stop.Token).ConfigureAwait(false);
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
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) renewed.Add(reader.GetString(0));
            }
            foreach (var lease in leases)
            {
                // Released while the statement ran: not lost, just gone.
                if (!renewed.Contains(lease.ExecutionId) && _held.TryGetValue(lease.ExecutionId, out var current) && ReferenceEquals(current, lease)) lease.MarkLost();
            }
            LastError = null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The database is unreachable: the leases run out on their own if this lasts; appends are refused then.
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

using System.Diagnostics;

namespace IrlExec.PostgreSql;

/// <summary>
/// A lease this store holds on one execution: its epoch (the fencing token every append names), and whether the
/// heartbeat found it gone. Disposing it gives the execution up.
/// </summary>
internal sealed class HeldLease : IAsyncDisposable
{
    private readonly Func<HeldLease, ValueTask> _release;
    private readonly CancellationTokenSource _lost = new();
    private int _disposed;

    public HeldLease(string executionId, long epoch, Func<HeldLease, ValueTask> release, long takenAt)
    {
        ExecutionId = executionId;
        Epoch = epoch;
        _release = release;
        _renewedAt = takenAt;
    }

    // When the lease was last taken or renewed (Stopwatch timestamp), as this process knows it: taken when the statement
    // was sent, so never later than the database's own time of renewal.
    private long _renewedAt;

    /// <summary>
    /// Whether the lease has gone unrenewed for more than <paramref name="limit"/> (the heartbeat has fallen behind): an
    /// append then renews it itself.
    /// </summary>
    public bool UnrenewedFor(TimeSpan limit) => Stopwatch.GetElapsedTime(Volatile.Read(ref _renewedAt)) > limit;

    /// <summary>Records a renewal whose statement was sent at <paramref name="sentAt"/> (Stopwatch timestamp).</summary>
    public void Renewed(long sentAt)
    {
        var seen = Volatile.Read(ref _renewedAt);
        while (sentAt > seen)
        {
            var found = Interlocked.CompareExchange(ref _renewedAt, sentAt, seen);
            if (found == seen) return;
            seen = found;
        }
    }

    public string ExecutionId { get; }

    /// <summary>The fencing token: drawn from a sequence each time an execution's lease is taken, so never reused.</summary>
    public long Epoch { get; }

    /// <summary>Cancelled when the heartbeat finds that the lease expired or was taken over.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Whether the lease was found lost; safe after its release (the heartbeat may look at a released lease).</summary>
    public bool IsLost => _lost.IsCancellationRequested;

    // 1 while a lease claimed from the queue waits for the runner's AcquireLeaseAsync to take it.
    private int _awaitingRunner;

    /// <summary>A lease claimed from the queue, which the runner's <c>AcquireLeaseAsync</c> takes over (once).</summary>
    public static HeldLease Claimed(string executionId, long epoch, Func<HeldLease, ValueTask> release, long takenAt) =>
        new(executionId, epoch, release, takenAt) { _awaitingRunner = 1 };

    /// <summary>Hands a claimed lease to the runner: true once, for a lease claimed and not yet taken.</summary>
    public bool TryTakeForRunner() => Interlocked.Exchange(ref _awaitingRunner, 0) == 1;

    // 1 once the append that ended the execution gave the lease up in the database (Sql.AppendEnding).
    private int _released;

    /// <summary>Whether the append that ended the execution gave the lease up already: disposing it sends nothing then.</summary>
    public bool IsReleased => Volatile.Read(ref _released) == 1;

    public void MarkReleased() => Volatile.Write(ref _released, 1);

    public void MarkLost()
    {
        try
        {
            _lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Released meanwhile.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _release(this).ConfigureAwait(false);
        _lost.Dispose();
    }
}

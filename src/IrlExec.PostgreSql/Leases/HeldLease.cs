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

    public HeldLease(string executionId, long epoch, Func<HeldLease, ValueTask> release)
    {
        ExecutionId = executionId;
        Epoch = epoch;
        _release = release;
    }

    public string ExecutionId { get; }

    /// <summary>The fencing token: drawn from a sequence each time an execution's lease is taken, so never reused.</summary>
    public long Epoch { get; }

    /// <summary>Cancelled when the heartbeat finds that the lease expired or was taken over.</summary>
    public CancellationToken Lost => _lost.Token;

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

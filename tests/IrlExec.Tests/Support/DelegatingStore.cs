namespace IrlExec.Tests.Support;

/// <summary>
/// A store that passes every call to another one: a test's store overrides only the calls it changes or watches.
/// <see cref="IExecutionStore.BeginExecutionAsync"/> is not passed on: its default calls this store's lease, read and
/// run label.
/// </summary>
public abstract class DelegatingStore(IExecutionStore inner) : IExecutionStore
{
    /// <summary>The store the calls go to.</summary>
    protected IExecutionStore Inner { get; } = inner;

    public virtual ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken) => Inner.ReserveRunLabelAsync(workflow, now, cancellationToken);

    public virtual ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken) => Inner.AppendAsync(executionId, records, flushToDisk, cancellationToken);

    public virtual ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string executionId, CancellationToken cancellationToken) => Inner.ReadAsync(executionId, cancellationToken);

    public virtual ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) => Inner.ListAsync(cancellationToken);

    public virtual ValueTask<IAsyncDisposable> AcquireLeaseAsync(string executionId, CancellationToken cancellationToken) => Inner.AcquireLeaseAsync(executionId, cancellationToken);

    public virtual ValueTask PostSignalAsync(string executionId, PendingSignal signal, CancellationToken cancellationToken) => Inner.PostSignalAsync(executionId, signal, cancellationToken);

    public virtual ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string executionId, CancellationToken cancellationToken) => Inner.ReadPendingSignalsAsync(executionId, cancellationToken);

    public virtual ValueTask RemovePendingSignalsAsync(string executionId, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken) => Inner.RemovePendingSignalsAsync(executionId, signals, cancellationToken);
}

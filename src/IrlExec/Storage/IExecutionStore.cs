namespace IrlExec;

/// <summary>
/// Where execution histories live: the durable record of every execution. The filesystem
/// (<see cref="FileSystemExecutionStore"/>) is the embedded default; <see cref="InMemoryExecutionStore"/> serves tests and
/// simulations; a database store lets many machines share executions.
/// </summary>
public interface IExecutionStore
{
    /// <summary>
    /// Reserves a run label <c>&lt;workflow&gt;-&lt;yyyy-MM-dd&gt;-&lt;NNN&gt;</c> unique in this store (NNN counts runs of the
    /// workflow that day, from 001). Safe against concurrent callers, including other processes.
    /// </summary>
    ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Appends records to an execution's history (creating it on the first append). When <paramref name="flushToDisk"/>
    /// is true the records are on stable storage when the returned task completes; otherwise they are handed to the
    /// operating system (they survive the process being killed, not a power cut) and made durable by the next flushed append.
    /// </summary>
    ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken);

    /// <summary>Reads an execution's whole history in order, or returns null when the execution is unknown.</summary>
    /// <exception cref="ExecutionDataException">The history is damaged (other than a torn last record, which is dropped).</exception>
    ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>The ids of every execution in the store.</summary>
    ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the exclusive right to run an execution until the returned lease is disposed.
    /// A lease held by a process that died is released.
    /// </summary>
    /// <exception cref="ExecutionLeaseException">Another runner holds the execution.</exception>
    ValueTask<IAsyncDisposable> AcquireLeaseAsync(string executionId, CancellationToken cancellationToken);
}

/// <summary>Another runner (this or another process) is running the execution.</summary>
public sealed class ExecutionLeaseException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public ExecutionLeaseException(string executionId, Exception? innerException = null)
        : base($"Execution '{executionId}' is being run by another runner; wait for it to pause or end.", innerException)
    {
        ExecutionId = executionId;
    }

    /// <summary>The execution.</summary>
    public string ExecutionId { get; }
}

/// <summary>No execution with that id is in the store.</summary>
public sealed class UnknownExecutionException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public UnknownExecutionException(string executionId, string where)
        : base($"No execution '{executionId}' in {where}.")
    {
        ExecutionId = executionId;
    }

    /// <summary>The id that was not found.</summary>
    public string ExecutionId { get; }
}

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

    /// <summary>
    /// Begins a new execution: takes its lease (as <see cref="AcquireLeaseAsync"/>), makes sure that no execution has the
    /// id yet, and reserves the run label (as <see cref="ReserveRunLabelAsync"/>). The runner calls it when it starts an
    /// execution. By default these are the three calls in turn (the check reads the history); a database store does
    /// them in one round trip.
    /// </summary>
    /// <returns>The lease (dispose it to give the execution up) and the reserved run label.</returns>
    /// <exception cref="ExecutionLeaseException">Another runner holds the execution.</exception>
    /// <exception cref="ExecutionExistsException">An execution with that id exists: no lease is kept.</exception>
    async ValueTask<ExecutionBeginning> BeginExecutionAsync(string executionId, string workflow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lease = await AcquireLeaseAsync(executionId, cancellationToken).ConfigureAwait(false);
        try
        {
            if (await ReadAsync(executionId, cancellationToken).ConfigureAwait(false) is { Count: > 0 }) throw new ExecutionExistsException(executionId);
            return new ExecutionBeginning(lease, await ReserveRunLabelAsync(workflow, now, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Keeps a signal for an execution, durably, until the runner that holds the execution records it in the history
    /// (<see cref="ExecutionEventKind.SignalReceived"/>). Callable at any time, by anyone, also while another process
    /// runs the execution: only the lease holder appends to a history.
    /// </summary>
    ValueTask PostSignalAsync(string executionId, PendingSignal signal, CancellationToken cancellationToken);

    /// <summary>The signals posted to an execution and not yet removed, oldest first (empty when none).</summary>
    ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>Forgets posted signals once they are in the history (the caller holds the execution's lease).</summary>
    ValueTask RemovePendingSignalsAsync(string executionId, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken);
}

/// <summary>A signal posted to an execution and not yet recorded in its history (see <see cref="IExecutionStore.PostSignalAsync"/>).</summary>
public sealed class PendingSignal
{
    /// <summary>A unique id: the history records each signal once, even if it is posted and drained twice.</summary>
    public string Id { get; set; } = "";

    /// <summary>The signal's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The payload as JSON (<c>null</c> when none).</summary>
    public string Json { get; set; } = "null";

    /// <summary>Who sent it, when known.</summary>
    public string? Sender { get; set; }

    /// <summary>When it was posted (UTC).</summary>
    public DateTimeOffset SentAt { get; set; }
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

/// <summary>What <see cref="IExecutionStore.BeginExecutionAsync"/> gives a new execution.</summary>
/// <param name="Lease">The execution's lease: dispose it to give the execution up.</param>
/// <param name="RunLabel">Its run label, <c>&lt;workflow&gt;-&lt;yyyy-MM-dd&gt;-&lt;NNN&gt;</c>.</param>
public sealed record ExecutionBeginning(IAsyncDisposable Lease, string RunLabel);

/// <summary>A new execution was to be started with the id of one that exists.</summary>
public sealed class ExecutionExistsException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public ExecutionExistsException(string executionId)
        : base($"An execution with id '{executionId}' already exists; resume it or choose another id.")
    {
        ExecutionId = executionId;
    }

    /// <summary>The id.</summary>
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

/// <summary>A signal sent to an execution whose plan takes no signal of that name.</summary>
public sealed class UnknownSignalException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public UnknownSignalException(string executionId, string name, IReadOnlyList<string> accepted)
        : base(accepted.Count == 0
            ? $"Execution '{executionId}' takes no signal ('{name}' was sent): no step of its plan waits for one."
            : $"Execution '{executionId}' takes no signal '{name}'; it takes: {string.Join(", ", accepted)}.")
    {
        ExecutionId = executionId;
        Name = name;
        Accepted = accepted;
    }

    /// <summary>The execution.</summary>
    public string ExecutionId { get; }

    /// <summary>The signal that was refused.</summary>
    public string Name { get; }

    /// <summary>The signals the execution takes.</summary>
    public IReadOnlyList<string> Accepted { get; }
}

/// <summary>What <see cref="WorkflowRunner.SignalAsync"/> did with a signal.</summary>
public enum SignalDelivery
{
    /// <summary>It is in the execution's history (and its views).</summary>
    Recorded = 0,

    /// <summary>It is kept durably; the runner that runs the execution now records it before its next step that takes signals.</summary>
    Queued = 1,
}

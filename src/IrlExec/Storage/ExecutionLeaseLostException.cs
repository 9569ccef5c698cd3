namespace IrlExec;

/// <summary>
/// The runner's lease on an execution ended while it ran (it expired, for example while the process was paused, and
/// another worker may have taken the execution over): the store refused the records it tried to append, so nothing it
/// did after losing the lease is in the history. The execution goes on under its new holder, which runs again the step
/// whose completion was refused.
/// </summary>
public sealed class ExecutionLeaseLostException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="detail">What the store found (the lease's epoch, who holds it now).</param>
    public ExecutionLeaseLostException(string executionId, string detail)
        : base($"The lease on execution '{executionId}' was lost: {detail} The records were refused; the execution goes on under its current holder.")
    {
        ExecutionId = executionId;
    }

    /// <summary>The execution.</summary>
    public string ExecutionId { get; }
}

namespace IrlExec;

/// <summary>
/// Something that keeps a view of executions current: the JSON snapshot, the result file, the active list, the
/// markdown state, the log file, the manifest. Called after every commit of history records, in order, one call at a
/// time per execution. The history is already durable when it is called, so a failing observer loses no data: the
/// error surfaces and the execution can be resumed.
/// </summary>
public interface IExecutionObserver
{
    /// <summary>Reacts to <paramref name="records"/>, just committed; <paramref name="state"/> already includes them.</summary>
    ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken);
}

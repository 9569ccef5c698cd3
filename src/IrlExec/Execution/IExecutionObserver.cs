namespace IrlExec;

/// <summary>
/// Something that keeps a view of executions current: the JSON snapshot, the result file, the active list, the
/// markdown state, the log file, the manifest. Called with every committed history record exactly once, in order, one
/// call at a time per execution. By default the calls run off the steps' commit path (possibly on another thread, with
/// the records of several commits at once); a commit that stops the run (pause, completion, failure) waits for them, and
/// none is made once the run has returned (<see cref="RunOptions.WaitForViews"/> makes every commit wait). The history
/// is already durable when it is called, so a failing observer loses no data: the error surfaces (at the execution's
/// next commit, when the call ran in the background) and the execution can be resumed.
/// </summary>
public interface IExecutionObserver
{
    /// <summary>
    /// Reacts to <paramref name="records"/>, committed; <paramref name="state"/> includes exactly the committed history up
    /// to the last of them (it is the views' own state, not the runner's: treat it as read-only, and do not keep it).
    /// </summary>
    ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken);
}

/// <summary>An observer that wants to know the definition of each execution its runner runs (before any of its records).</summary>
internal interface IObservesDefinitions
{
    /// <summary>The runner starts or resumes an execution of <paramref name="definition"/>.</summary>
    void Running(WorkflowDefinition definition);
}

namespace IrlExec;

/// <summary>The observers a filesystem root gets by default: every artifact the seeds describe.</summary>
public static class StandardObservers
{
    /// <summary>The standard writers for <paramref name="layout"/>, in the order they run after each commit.</summary>
    /// <remarks>
    /// The active list is written first and last: an execution is listed there before any other view of it is written,
    /// and a finished one leaves the list only after every other view shows its end (and not at all in a run where a view
    /// failed), so an execution whose views may lag its history is always listed (see <see cref="ViewRepair"/>).
    /// </remarks>
    /// <param name="layout">Where the files go.</param>
    public static IReadOnlyList<IExecutionObserver> For(ExecutionLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return
        [
            ActiveWorkflowsWriter.Listing(layout),
            new SnapshotWriter(layout),
            new ExecutionLogWriter(layout),
            new ExecutionStateMarkdownObserver(layout),
            new ManifestWriter(layout),
            new ResultWriter(layout),
            new FinishedIndexWriter(layout),
            ActiveWorkflowsWriter.Unlisting(layout),
        ];
    }
}

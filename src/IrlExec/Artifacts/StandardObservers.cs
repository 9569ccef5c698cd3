namespace IrlExec;

/// <summary>The observers a filesystem root gets by default: every artifact the seeds describe.</summary>
public static class StandardObservers
{
    /// <summary>The standard writers for <paramref name="layout"/>, in the order they run after each commit.</summary>
    /// <param name="layout">Where the files go.</param>
    public static IReadOnlyList<IExecutionObserver> For(ExecutionLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return
        [
            new SnapshotWriter(layout),
            new ExecutionLogWriter(layout),
            new ExecutionStateMarkdownObserver(layout),
            new ResultWriter(layout),
            new ActiveWorkflowsWriter(layout),
            new ManifestWriter(layout),
        ];
    }
}

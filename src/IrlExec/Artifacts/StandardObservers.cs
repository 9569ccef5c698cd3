namespace IrlExec;

/// <summary>The observers a filesystem root gets by default: every artifact the seeds describe.</summary>
public static class StandardObservers
{
    /// <summary>The standard writers for <paramref name="layout"/>, in the order they run after each commit.</summary>
    /// <param name="layout">Where the files go.</param>
    /// <param name="stateFiles">When the whole-state files (markdown, JSON snapshot) are rewritten; <see cref="StateFileUpdatePolicy.Default"/> when null.</param>
    public static IReadOnlyList<IExecutionObserver> For(ExecutionLayout layout, StateFileUpdatePolicy? stateFiles = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return
        [
            new SnapshotWriter(layout, stateFiles),
            new ExecutionLogWriter(layout),
            new ExecutionStateMarkdownObserver(layout, stateFiles),
            new ResultWriter(layout),
            new ActiveWorkflowsWriter(layout),
            new ManifestWriter(layout),
        ];
    }
}

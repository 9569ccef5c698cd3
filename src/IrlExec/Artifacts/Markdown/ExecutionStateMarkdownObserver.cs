namespace IrlExec;

/// <summary>
/// Keeps <c>workspace/execution_state.md</c> and the execution's own copy <c>execution/state/&lt;id&gt;.md</c> current:
/// rewritten atomically (write-then-rename) after every commit that changes the state. Commits of log lines only are
/// skipped: they do not change the markdown. The workspace file shows the execution updated last; the per-execution copy
/// is what concurrent executions and resume read.
/// </summary>
public sealed class ExecutionStateMarkdownObserver(ExecutionLayout layout) : IExecutionObserver
{
    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        if (records.All(r => r.Kind == ExecutionEventKind.LogWritten)) return ValueTask.CompletedTask;
        var markdown = ExecutionStateMarkdownWriter.Render(state);
        // Views of the history (already on disk): atomic, but no fsync of their own; see docs/storage.md.
        AtomicFile.WriteAllText(layout.MarkdownFile(state.ExecutionId), markdown, flushToDisk: false);
        AtomicFile.WriteAllText(layout.WorkspaceStateFile, markdown, flushToDisk: false);
        return ValueTask.CompletedTask;
    }
}

namespace IrlExec;

/// <summary>
/// Keeps <c>workspace/execution_state.md</c> and the execution's own copy <c>execution/state/&lt;id&gt;.md</c> current:
/// rewritten atomically (write-then-rename) after commits that change the state, as <see cref="StateFileUpdatePolicy"/>
/// says (after every step for plans of ordinary size; always at start, pause, resume and end). Commits of log lines only
/// are skipped: they do not change the markdown. The workspace file shows the execution updated last; the per-execution
/// copy is what concurrent executions and resume read. Step blocks are rendered once and reused until they change.
/// </summary>
public sealed class ExecutionStateMarkdownObserver : IExecutionObserver
{
    private readonly ExecutionLayout _layout;
    private readonly StateFileSchedule<ExecutionStateMarkdownWriter.Renderer> _schedule;

    /// <summary>Creates the observer; <paramref name="policy"/> defaults to <see cref="StateFileUpdatePolicy.Default"/>.</summary>
    public ExecutionStateMarkdownObserver(ExecutionLayout layout, StateFileUpdatePolicy? policy = null)
    {
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _schedule = new(policy ?? StateFileUpdatePolicy.Default, () => new ExecutionStateMarkdownWriter.Renderer());
    }

    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        if (records.All(r => r.Kind == ExecutionEventKind.LogWritten)) return ValueTask.CompletedTask;
        // A view of the history (already flushed to disk): no fsync of its own, see docs/storage.md.
        _schedule.Run(state, records, renderer =>
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(renderer.Render(state));
            AtomicFile.WriteAllBytes(_layout.MarkdownFile(state.ExecutionId), bytes, flushToDisk: false);
            AtomicFile.WriteAllBytes(_layout.WorkspaceStateFile, bytes, flushToDisk: false);
        });
        return ValueTask.CompletedTask;
    }
}

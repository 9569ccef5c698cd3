using System.Collections.Concurrent;

namespace IrlExec;

/// <summary>
/// Keeps <c>workspace/execution_state.md</c> and the execution's own copy <c>execution/state/&lt;id&gt;.md</c> current:
/// rewritten atomically (write-then-rename) after every step attempt and status change (see <see cref="WholeStateFiles"/>),
/// not when a step only starts or a step only logs. The workspace file shows the execution updated last; the
/// per-execution copy is what concurrent executions and resume read. Step blocks are rendered once and reused until
/// they change.
/// </summary>
public sealed class ExecutionStateMarkdownObserver(ExecutionLayout layout) : IExecutionObserver, IViewFile, IIndependentView, IPreparesFiles, IWarmsAhead
{
    private readonly ExecutionLayout _layout = layout ?? throw new ArgumentNullException(nameof(layout));

    // One renderer (its cache of rendered blocks) per execution being run; dropped when it pauses or ends.
    private readonly ConcurrentDictionary<string, ExecutionStateMarkdownWriter.Renderer> _renderers = new(StringComparer.Ordinal);

    // Both copies' next files, made while the steps run; the old copies, deleted after the pass.
    private readonly PreparedFiles _files = new();

    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        if (!WholeStateFiles.ShouldRewrite(records)) return ValueTask.CompletedTask;
        var renderer = _renderers.GetOrAdd(state.ExecutionId, static _ => new ExecutionStateMarkdownWriter.Renderer());
        lock (renderer)
        {
            // A view of the history (already flushed to disk): no fsync of its own, see docs/storage.md.
            var bytes = renderer.RenderUtf8(state).Span;
            Write(state.ExecutionId, "execution", _layout.MarkdownFile(state.ExecutionId), bytes);
            // A file of its own, not a second name of the execution's copy: an edit of the workspace file by hand must not
            // change the execution's own record.
            Write(state.ExecutionId, "workspace", _layout.WorkspaceStateFile, bytes);
        }
        if ((StatusTransitions.IsTerminal(state.Status) || state.Status == ExecutionStatus.Paused) && _renderers.TryRemove(state.ExecutionId, out var done))
        {
            lock (done) done.ReturnBuffers();
        }
        return ValueTask.CompletedTask;
    }

    object IWarmsAhead.RenderAhead(ExecutionState state)
    {
        var renderer = new ExecutionStateMarkdownWriter.Renderer();
        _ = renderer.RenderUtf8(state); // fills its caches of the blocks
        return renderer;
    }

    void IWarmsAhead.Adopt(string executionId, object renderer) => _renderers[executionId] = (ExecutionStateMarkdownWriter.Renderer)renderer;

    string? IViewFile.FileFor(ExecutionState state) => _layout.MarkdownFile(state.ExecutionId);

    bool IIndependentView.RunsAlongside(ExecutionState state) => true;

    private void Write(string executionId, string kind, string path, ReadOnlySpan<byte> bytes)
    {
        var prepared = _files.Take(executionId, kind, out var replaced);
        try
        {
            AtomicFile.WriteAllBytes(path, bytes, flushToDisk: false, prepared, replaced);
        }
        finally
        {
            _files.Replaced(executionId, replaced);
        }
    }

    void IPreparesFiles.Prepare(string executionId)
    {
        _files.Prepare(executionId, "execution", _layout.MarkdownFile(executionId));
        _files.Prepare(executionId, "workspace", _layout.WorkspaceStateFile);
    }

    void IPreparesFiles.FreeReplaced(string executionId) => _files.FreeReplaced(executionId);

    Task IPreparesFiles.FinishAsync(string executionId) => _files.FinishAsync(executionId);

    /// <summary>The markdown of <paramref name="state"/> as IrlExec writes it, rendered whole (UTF-8).</summary>
    internal static byte[] Render(ExecutionState state)
    {
        var renderer = new ExecutionStateMarkdownWriter.Renderer();
        try
        {
            return renderer.RenderUtf8(state).ToArray();
        }
        finally
        {
            renderer.ReturnBuffers();
        }
    }
}

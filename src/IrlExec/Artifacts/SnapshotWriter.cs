using System.Text.Json;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// Keeps <c>execution/state/&lt;id&gt;.json</c>, the JSON snapshot of an execution's state, current (atomic replace):
/// after every step attempt and status change (see <see cref="WholeStateFiles"/>), not when a step only starts.
/// </summary>
public sealed class SnapshotWriter(ExecutionLayout layout) : IExecutionObserver, IViewFile, IIndependentView, IPreparesFiles, IWarmsAhead
{
    private readonly ExecutionLayout _layout = layout ?? throw new ArgumentNullException(nameof(layout));

    // One renderer (its JSON of each step and log entry) per execution being run; dropped when it pauses or ends.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SnapshotRenderer> _renderers = new(StringComparer.Ordinal);

    // The snapshot's next file, made while the steps run; the old snapshots, deleted after the pass.
    private readonly PreparedFiles _files = new();

    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        if (!WholeStateFiles.ShouldRewrite(records)) return ValueTask.CompletedTask;
        var renderer = _renderers.GetOrAdd(state.ExecutionId, static _ => new SnapshotRenderer());
        lock (renderer)
        {
            // A view of the history (which is already on disk): no fsync of its own, see docs/storage.md.
            var prepared = _files.Take(state.ExecutionId, "snapshot", out var replaced);
            try
            {
                AtomicFile.Write(_layout.SnapshotFile(state.ExecutionId), (renderer, state), static (stream, s) => s.renderer.RenderTo(s.state, stream), flushToDisk: false, prepared, replaced);
            }
            finally
            {
                _files.Replaced(state.ExecutionId, replaced);
            }
        }
        if (StatusTransitions.IsTerminal(state.Status) || state.Status == ExecutionStatus.Paused) _renderers.TryRemove(state.ExecutionId, out _);
        return ValueTask.CompletedTask;
    }

    object IWarmsAhead.RenderAhead(ExecutionState state)
    {
        var renderer = new SnapshotRenderer();
        renderer.RenderTo(state, Stream.Null); // fills its caches of the steps' and log entries' JSON
        return renderer;
    }

    void IWarmsAhead.Adopt(string executionId, object renderer) => _renderers[executionId] = (SnapshotRenderer)renderer;

    string? IViewFile.FileFor(ExecutionState state) => _layout.SnapshotFile(state.ExecutionId);

    bool IIndependentView.RunsAlongside(ExecutionState state) => true;

    void IPreparesFiles.Prepare(string executionId) => _files.Prepare(executionId, "snapshot", _layout.SnapshotFile(executionId));

    void IPreparesFiles.FreeReplaced(string executionId) => _files.FreeReplaced(executionId);

    Task IPreparesFiles.FinishAsync(string executionId) => _files.FinishAsync(executionId);

    /// <summary>Writes the snapshot of <paramref name="state"/> whole (the view repair's way: no renderer is kept).</summary>
    internal static void Write(ExecutionLayout layout, ExecutionState state) =>
        AtomicFile.Write(layout.SnapshotFile(state.ExecutionId), state, static (stream, s) => new SnapshotRenderer().RenderTo(s, stream), flushToDisk: false);

    /// <summary>Reads a snapshot back.</summary>
    /// <exception cref="ExecutionDataException">The file is not a valid snapshot (the message names the line).</exception>
    public static ExecutionState Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return JsonSerializer.Deserialize(bytes, JsonFiles.Readable.ExecutionState)
                ?? throw new ExecutionDataException(path, 1, "expected a JSON object with the execution state, found null.");
        }
        catch (JsonException e)
        {
            throw new ExecutionDataException(path, (int)(e.LineNumber ?? 0) + 1, $"not a valid execution state snapshot: {e.Message}", e);
        }
    }
}

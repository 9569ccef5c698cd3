using System.Text.Json;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// Keeps <c>execution/state/&lt;id&gt;.json</c>, the JSON snapshot of an execution's state, current (atomic replace):
/// after every step attempt and status change (see <see cref="WholeStateFiles"/>), not when a step only starts.
/// </summary>
public sealed class SnapshotWriter(ExecutionLayout layout) : IExecutionObserver
{
    private readonly ExecutionLayout _layout = layout ?? throw new ArgumentNullException(nameof(layout));

    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        if (!WholeStateFiles.ShouldRewrite(records)) return ValueTask.CompletedTask;
        // A view of the history (which is already on disk): no fsync of its own, see docs/storage.md.
        AtomicFile.WriteAllBytes(_layout.SnapshotFile(state.ExecutionId), JsonSerializer.SerializeToUtf8Bytes(state, JsonFiles.Readable.ExecutionState), flushToDisk: false);
        return ValueTask.CompletedTask;
    }

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

using System.Text.Json;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// Keeps <c>execution/state/&lt;id&gt;.json</c>, the JSON snapshot of an execution's state, current (atomic replace), as
/// often as the <see cref="StateFileUpdatePolicy"/> says (after every step for plans of ordinary size).
/// </summary>
public sealed class SnapshotWriter : IExecutionObserver
{
    private readonly ExecutionLayout _layout;
    private readonly StateFileSchedule<object> _schedule;

    /// <summary>Creates the writer; <paramref name="policy"/> defaults to <see cref="StateFileUpdatePolicy.Default"/>.</summary>
    public SnapshotWriter(ExecutionLayout layout, StateFileUpdatePolicy? policy = null)
    {
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _schedule = new(policy ?? StateFileUpdatePolicy.Default, static () => new object());
    }

    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        // Only state-changing commits: log lines alone do not change the snapshot.
        if (records.All(r => r.Kind == ExecutionEventKind.LogWritten)) return ValueTask.CompletedTask;
        // A view of the history (which is already on disk): no fsync of its own, see docs/storage.md.
        _schedule.Run(state, records, _ =>
            AtomicFile.WriteAllBytes(_layout.SnapshotFile(state.ExecutionId), JsonSerializer.SerializeToUtf8Bytes(state, JsonFiles.Readable.ExecutionState), flushToDisk: false));
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

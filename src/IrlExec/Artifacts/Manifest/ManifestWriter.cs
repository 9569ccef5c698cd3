namespace IrlExec;

/// <summary>Keeps the manifest current after each status change of an execution (see <see cref="ExecutionManifest"/>).</summary>
public sealed class ManifestWriter(ExecutionLayout layout) : IExecutionObserver
{
    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        // Only status changes move a row; steps in between leave the manifest alone (it is a shared, locked file).
        if (state.RunLabel.Length == 0 || !records.Any(r => r.Kind == ExecutionEventKind.StatusChanged)) return ValueTask.CompletedTask;
        ExecutionManifest.Update(layout, state);
        return ValueTask.CompletedTask;
    }
}

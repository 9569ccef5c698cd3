namespace IrlExec;

/// <summary>Keeps the manifest current after each status change of an execution (see <see cref="ExecutionManifest"/>).</summary>
public sealed class ManifestWriter(ExecutionLayout layout) : IExecutionObserver, IViewFile, IReportsViewRepairs
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<ViewProblem>> _repairs = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        // Only status changes move a row; steps in between leave the manifest alone (it is a shared, locked file).
        if (state.RunLabel.Length == 0 || !records.Any(r => r.Kind == ExecutionEventKind.StatusChanged)) return ValueTask.CompletedTask;
        if (ExecutionManifest.UpdateOrRebuild(layout, state) is { } setAside)
        {
            _repairs.GetOrAdd(state.ExecutionId, _ => []).Add(new ViewProblem(nameof(ManifestWriter), layout.ManifestFile,
                $"the manifest was not UTF-8 text; it was rebuilt from the seed's manifest and the histories, and the original kept as {setAside}", repaired: true));
        }
        return ValueTask.CompletedTask;
    }

    string? IViewFile.FileFor(ExecutionState state) => layout.ManifestFile;

    IReadOnlyList<ViewProblem> IReportsViewRepairs.TakeRepairs(string executionId) =>
        _repairs.TryRemove(executionId, out var repairs) ? repairs : [];
}

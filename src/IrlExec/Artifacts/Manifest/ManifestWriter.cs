namespace IrlExec;

/// <summary>
/// Keeps the manifest current after each status change of an execution (see <see cref="ExecutionManifest"/>), and its
/// State Snapshots block after each EXECUTION-mode run that finishes or pauses (with the values its workflow declares,
/// <see cref="WorkflowDefinition.ManifestSnapshot"/>).
/// </summary>
public sealed class ManifestWriter(ExecutionLayout layout) : IExecutionObserver, IViewFile, IReportsViewRepairs, IObservesDefinitions, IIndependentView, IPreparesFiles
{
    // The README's next file, made while the run's steps ran (its creation is off the end's path).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PreparedFile> _prepared = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<ViewProblem>> _repairs = new(StringComparer.Ordinal);
    // The declared snapshot of each workflow this writer's runner ran, by workflow name.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Func<ManifestSnapshotContext, IEnumerable<ManifestSnapshotValue>>> _snapshots = new(StringComparer.Ordinal);

    void IObservesDefinitions.Running(WorkflowDefinition definition)
    {
        if (definition.ManifestSnapshot is { } snapshot) _snapshots[definition.Name] = snapshot;
    }

    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        // Only status changes move a row; steps in between leave the manifest alone (it is a shared, locked file).
        if (state.RunLabel.Length == 0 || !records.Any(r => r.Kind == ExecutionEventKind.StatusChanged)) return ValueTask.CompletedTask;
        // A run that ends or waits refreshes its workflow's declared values (read before the lock: they may read the root).
        var declared = state.Mode == ExecutionMode.Execution && EndsRun(records) && _snapshots.TryGetValue(state.Workflow, out var snapshot)
            ? ManifestSnapshotRecorder.Collect(snapshot, state, layout)
            : null;
        // With a file made ahead the README is placed by exchanging names and the old one deleted after the placement
        // (Free); called otherwise, the write replaces it as any atomic write does.
        var replaced = _prepared.TryRemove(state.ExecutionId, out var prepared) ? new List<string>(1) : null;
        string? setAside;
        try
        {
            setAside = ExecutionManifest.UpdateOrRebuild(layout, state, declared, prepared, replaced);
        }
        finally
        {
            if (replaced is [_]) AtomicFile.FreeReplaced(); // the old README lost its name in the write; its space is freed off the run's path
        }
        if (setAside is not null)
        {
            _repairs.GetOrAdd(state.ExecutionId, _ => []).Add(new ViewProblem(nameof(ManifestWriter), layout.ManifestFile,
                $"the manifest was not UTF-8 text; it was rebuilt from the seed's manifest and the histories, and the original kept as {setAside}", repaired: true));
        }
        return ValueTask.CompletedTask;
    }

    void IPreparesFiles.Prepare(string executionId)
    {
        if (_prepared.ContainsKey(executionId)) return;
        if (PreparedFile.TryCreate(layout.ManifestFile) is { } file && !_prepared.TryAdd(executionId, file)) file.Dispose();
    }

    // The old README is deleted once its replacement is flushed and placed (Free).
    void IPreparesFiles.FreeReplaced(string executionId)
    {
    }

    Task IPreparesFiles.FinishAsync(string executionId)
    {
        if (_prepared.TryRemove(executionId, out var unused)) unused.Dispose();
        return Task.CompletedTask;
    }

    private static bool EndsRun(IReadOnlyList<ExecutionEvent> records)
    {
        foreach (var record in records)
        {
            if (record.Kind == ExecutionEventKind.StatusChanged && record.Status is { } status && (status == ExecutionStatus.Paused || StatusTransitions.IsTerminal(status))) return true;
        }
        return false;
    }

    string? IViewFile.FileFor(ExecutionState state) => layout.ManifestFile;

    // A workflow's declared State Snapshots values come from its own code, which may read any file of the root: that
    // call runs alone, after the views before it.
    bool IIndependentView.RunsAlongside(ExecutionState state) => !(state.Mode == ExecutionMode.Execution && _snapshots.ContainsKey(state.Workflow));

    // The README is flushed before it is renamed (it holds the user's text).
    bool IIndependentView.WaitsForDisk => true;

    IReadOnlyList<ViewProblem> IReportsViewRepairs.TakeRepairs(string executionId) =>
        _repairs.TryRemove(executionId, out var repairs) ? repairs : [];
}

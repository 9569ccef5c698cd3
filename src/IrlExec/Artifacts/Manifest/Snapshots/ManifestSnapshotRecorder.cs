namespace IrlExec;

/// <summary>The values a workflow declared after one run (<see cref="IManifestSnapshot"/>), or why they could not be read.</summary>
internal sealed record DeclaredSnapshot(IReadOnlyList<ManifestSnapshotValue> Values, string? Error);

/// <summary>
/// Keeps the manifest's State Snapshots block current: each execution is counted once, when its Completed Workflows row
/// is added (in the same write), and a workflow's declared values replace those of its previous run. The counts are
/// running totals kept in the block; only a block without readable counts (a README just created, a data line deleted or
/// damaged) is recounted from the histories.
/// </summary>
internal static class ManifestSnapshotRecorder
{
    /// <summary>Brings the block of <paramref name="document"/> up to <paramref name="state"/> (nothing when the README has no block).</summary>
    /// <param name="layout">The root (its histories are read only to recount a block without counts).</param>
    /// <param name="document">The README.</param>
    /// <param name="state">The execution just placed.</param>
    /// <param name="justFinished">Whether its Completed Workflows row was just added.</param>
    /// <param name="declared">The values its workflow declared after this run, if any.</param>
    public static void Apply(ExecutionLayout layout, ManifestDocument document, ExecutionState state, bool justFinished, DeclaredSnapshot? declared)
    {
        if (document.Snapshot is not { } block) return;
        if (block.Data is null)
        {
            // The histories hold this execution too (its records are committed before the views run); its own state is
            // the one to count when its history is missing or behind. Only executions whose Completed Workflows row is in
            // the README (or rolled into a page of older runs) are counted: another one that just finished counts itself
            // when its row is placed (it may wait for this lock in another process), so none is counted twice.
            var rolled = CompletedPages.RolledResults(layout);
            var states = ExecutionManifest.StatesFromHistories(layout).Where(s => s.ExecutionId != state.ExecutionId).Append(state)
                .Where(s => ExecutionManifest.HasCompletedRow(layout, document, s) || ExecutionManifest.IsRolled(layout, s, rolled));
            var data = ManifestSnapshotData.Count(states);
            // Nothing counted yet (a new README): the block stays as the template wrote it until a run finishes.
            block.Reset(data, render: data.LastUpdated is not null);
        }
        else if (justFinished && block.Data.Add(state))
        {
            block.Touch();
        }
        if (declared is not null)
        {
            block.Data!.SetValues(state.Workflow, declared.Values, declared.Error, state.LastUpdated);
            block.Touch();
        }
    }

    /// <summary>Recounts the block of <paramref name="document"/> from <paramref name="states"/>, keeping the declared values.</summary>
    public static void Recount(ManifestDocument document, IEnumerable<ExecutionState> states)
    {
        if (document.Snapshot is not { } block) return;
        var data = ManifestSnapshotData.Count(states);
        data.KeepValuesOf(block.Data);
        block.Reset(data);
    }

    /// <summary>
    /// Calls <paramref name="snapshot"/> for a run that just finished or paused. Its exception (or a null value) is kept as
    /// the error the README shows in place of the values: a view never stops a run.
    /// </summary>
    public static DeclaredSnapshot Collect(Func<ManifestSnapshotContext, IEnumerable<ManifestSnapshotValue>> snapshot, ExecutionState state, ExecutionLayout layout)
    {
        try
        {
            var values = new List<ManifestSnapshotValue>();
            foreach (var value in snapshot(new ManifestSnapshotContext(state, layout)) ?? [])
            {
                if (value is null || value.Section is null || value.Name is null || value.Value is null) throw new InvalidOperationException("a value, or its section, name or value, is null");
                values.Add(value);
            }
            return new DeclaredSnapshot(values, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new DeclaredSnapshot([], e.GetType().Name + ": " + e.Message);
        }
    }
}

namespace IrlExec;

public sealed partial class ExecutionMaintenance
{
    /// <summary>
    /// Deletes every <c>execution/results/*.json</c> last written more than <see cref="MaintenanceOptions.ResultRetention"/>
    /// ago — the seed's <c>find execution/results/ -name "*.json" -mtime +90 -delete</c>.
    /// </summary>
    /// <remarks>
    /// A result that belongs to an active execution (named after its log, or holding its <c>execution_id</c>) is
    /// skipped. Signals posted to a finished execution and never delivered (<c>execution/signals/&lt;id&gt;/</c>, see
    /// <see cref="ExecutionLayout.SignalsDirectory"/>) are deleted by the same age; those of an execution that can still
    /// run are skipped. Nothing else is deleted: histories and snapshots in <c>state/</c> are kept.
    /// </remarks>
    /// <param name="dryRun">Report what would be deleted without deleting anything.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    /// <exception cref="DirectoryNotFoundException">The root or its <c>execution/</c> folder does not exist.</exception>
    public MaintenanceReport CleanResults(bool dryRun = false, CancellationToken cancellationToken = default)
    {
        EnsureExecutionDirectory();
        using var _ = LockUnlessDryRun(dryRun);
        var now = _time.GetUtcNow();
        var cutoff = now - Options.ResultRetention;
        var active = ActiveExecutionFiles.Load(Layout);
        var entries = new List<MaintenanceFileEntry>();

        foreach (var result in FilesEndingWith(Layout.ResultsDirectory, ".json"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Layout.RelativeToExecution(result);
            var lastWrite = new DateTimeOffset(File.GetLastWriteTimeUtc(result), TimeSpan.Zero);
            var length = new FileInfo(result).Length;
            if (active.OwnerOfResult(result) is { } owner)
            {
                entries.Add(new() { Path = relative, Action = MaintenanceFileAction.Skipped, LastWriteUtc = lastWrite, Length = length, Reason = active.Reason(owner), ExecutionId = owner.ExecutionId });
                continue;
            }
            if (lastWrite >= cutoff)
            {
                entries.Add(new() { Path = relative, Action = MaintenanceFileAction.Kept, LastWriteUtc = lastWrite, Length = length, Reason = $"last written less than {Options.ResultRetention.TotalDays:0.##} days ago" });
                continue;
            }
            if (dryRun)
            {
                entries.Add(new() { Path = relative, Action = MaintenanceFileAction.Deleted, LastWriteUtc = lastWrite, Length = length });
                continue;
            }
            try
            {
                File.Delete(result);
                entries.Add(new() { Path = relative, Action = MaintenanceFileAction.Deleted, LastWriteUtc = lastWrite, Length = length });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                entries.Add(new() { Path = relative, Action = MaintenanceFileAction.Failed, LastWriteUtc = lastWrite, Length = length, Reason = "the result was kept: " + Describe(e) });
            }
        }

        CleanSignals(cutoff, dryRun, entries, cancellationToken);
        return new MaintenanceReport { Operation = MaintenanceOperation.CleanResults, DryRun = dryRun, ExecutionDirectory = Layout.ExecutionDirectory, Now = now, Cutoff = cutoff, Files = entries };
    }
}

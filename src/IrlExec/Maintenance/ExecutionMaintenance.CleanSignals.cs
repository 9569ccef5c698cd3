namespace IrlExec;

public sealed partial class ExecutionMaintenance
{
    // execution/signals/<id>/: signals posted to an execution and not yet recorded in its history. While the execution
    // can still run they wait for it and are never touched. Once it is finished (COMPLETED_*), none of them can be
    // delivered any more (a finished execution takes no signal): those older than the result retention are deleted with
    // the results, and the execution's folder with them once it is empty.
    private void CleanSignals(DateTimeOffset cutoff, bool dryRun, List<MaintenanceFileEntry> entries, CancellationToken cancellationToken)
    {
        var signals = Path.Combine(Layout.ExecutionDirectory, "signals");
        if (!Directory.Exists(signals)) return;
        foreach (var folder in Directory.EnumerateDirectories(signals).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var executionId = Path.GetFileName(folder);
            var files = Directory.EnumerateFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
            var (finished, why) = FinishedStatus(executionId);
            foreach (var file in files)
            {
                var relative = Layout.RelativeToExecution(file);
                var lastWrite = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
                var length = new FileInfo(file).Length;
                if (!finished)
                {
                    entries.Add(new() { Path = relative, Action = MaintenanceFileAction.Skipped, LastWriteUtc = lastWrite, Length = length, Reason = why, ExecutionId = executionId });
                    continue;
                }
                if (lastWrite >= cutoff)
                {
                    entries.Add(new() { Path = relative, Action = MaintenanceFileAction.Kept, LastWriteUtc = lastWrite, Length = length, ExecutionId = executionId,
                        Reason = $"a signal never delivered ({why}), posted less than {Options.ResultRetention.TotalDays:0.##} days ago" });
                    continue;
                }
                var reason = $"a signal never delivered: {why}";
                if (!dryRun)
                {
                    try
                    {
                        File.Delete(file);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        entries.Add(new() { Path = relative, Action = MaintenanceFileAction.Failed, LastWriteUtc = lastWrite, Length = length, ExecutionId = executionId, Reason = "the signal was kept: " + Describe(e) });
                        continue;
                    }
                }
                entries.Add(new() { Path = relative, Action = MaintenanceFileAction.Deleted, LastWriteUtc = lastWrite, Length = length, Reason = reason, ExecutionId = executionId });
            }
            if (finished && !dryRun && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                try
                {
                    Directory.Delete(folder);
                }
                catch (IOException)
                {
                    // Best effort: an empty folder is harmless.
                }
            }
        }
    }

    /// <summary>Whether the execution's history says it is finished, and the status or problem that says so or not.</summary>
    private (bool Finished, string Why) FinishedStatus(string executionId)
    {
        string path;
        try
        {
            path = Layout.HistoryFile(executionId);
        }
        catch (ArgumentException)
        {
            return (false, "not a folder of an execution id: left alone");
        }
        if (!File.Exists(path)) return (false, $"execution {executionId} has no history here: left alone");
        try
        {
            byte[] data;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                data = new byte[stream.Length];
                stream.ReadExactly(data);
            }
            var status = ExecutionStateProjector.Replay(HistoryCodec.Decode(data, path).Records).Status;
            var wire = StatusTransitions.ToWireName(status);
            return StatusTransitions.IsTerminal(status)
                ? (true, $"execution {executionId} is finished ({wire})")
                : (false, $"waits for execution {executionId} ({wire})");
        }
        catch (Exception e) when (e is ExecutionDataException or IOException or UnauthorizedAccessException)
        {
            return (false, $"the history of execution {executionId} cannot be read ({e.Message}): left alone");
        }
    }
}

namespace IrlExec.PostgreSql;

/// <summary>
/// The database form of the maintenance commands: executions finished longer ago than a retention age are exported
/// (their files, rendered from their histories, with the history file itself) to a folder, then deleted from the
/// database. An execution that is not finished, or whose lease a worker holds, is never touched.
/// </summary>
public static class PostgreSqlRetention
{
    /// <summary>
    /// Exports to <paramref name="exportFolder"/>, then deletes, every execution that finished (COMPLETED_SUCCESS or
    /// COMPLETED_FAILURE) more than <paramref name="olderThan"/> ago by the database's clock and that no worker holds.
    /// Nothing is deleted unless its export was written; with <paramref name="dryRun"/> nothing is exported or deleted.
    /// </summary>
    public static async Task<RetentionReport> DeleteFinishedAsync(PostgreSqlExecutionStore store, TimeSpan olderThan, string exportFolder, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(exportFolder);
        if (olderThan < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(olderThan), "The retention age must not be negative.");
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var sql = store.Statements;
        var candidates = new List<string>();
        var kept = new List<string>();
        await using (var command = store.DataSource.CreateCommand(sql.RetentionCandidates))
        {
            command.Parameters.AddWithValue(olderThan.TotalSeconds);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                (reader.GetBoolean(1) ? candidates : kept).Add(reader.GetString(0));
            }
        }
        var folder = Path.GetFullPath(exportFolder);
        if (dryRun || candidates.Count == 0) return new RetentionReport(candidates, [], kept, folder, dryRun);

        await ExecutionExport.ExportAsync(store, candidates, folder, cancellationToken).ConfigureAwait(false);
        var deleted = new List<string>();
        await using (var command = store.DataSource.CreateCommand(sql.DeleteFinished))
        {
            command.Parameters.AddWithValue(candidates.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) deleted.Add(reader.GetString(0));
        }
        var deletedSet = deleted.ToHashSet(StringComparer.Ordinal);
        // Taken by a worker between the export and the delete (a resume that will find it finished): kept.
        var raced = candidates.Where(id => !deletedSet.Contains(id)).ToList();
        return new RetentionReport(candidates.Where(deletedSet.Contains).ToList(), raced, kept, folder, dryRun);
    }
}

/// <summary>What <see cref="PostgreSqlRetention.DeleteFinishedAsync"/> did.</summary>
/// <param name="Deleted">Exported, then deleted (with a dry run: would be).</param>
/// <param name="Held">Finished and old enough, but a worker took their lease meanwhile: kept.</param>
/// <param name="Active">Older than the retention age but not finished: never touched.</param>
/// <param name="ExportFolder">Where the exported files are.</param>
/// <param name="DryRun">Whether nothing was changed.</param>
public sealed record RetentionReport(IReadOnlyList<string> Deleted, IReadOnlyList<string> Held, IReadOnlyList<string> Active, string ExportFolder, bool DryRun);

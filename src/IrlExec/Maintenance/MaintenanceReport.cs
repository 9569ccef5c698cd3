using System.Text.Json;
using System.Text.Json.Serialization;

namespace IrlExec;

/// <summary>Which maintenance operation produced a <see cref="MaintenanceReport"/>.</summary>
public enum MaintenanceOperation
{
    /// <summary><see cref="ExecutionMaintenance.ArchiveLogs"/>.</summary>
    ArchiveLogs,

    /// <summary><see cref="ExecutionMaintenance.CleanResults"/>.</summary>
    CleanResults,

    /// <summary><see cref="ExecutionMaintenance.Backup"/>.</summary>
    Backup,

    /// <summary><see cref="ExecutionMaintenance.ExtractBackup"/>.</summary>
    Restore,
}

/// <summary>What a maintenance operation did (or, in a dry run, would do) with one file.</summary>
public enum MaintenanceFileAction
{
    /// <summary>The log was gzip-compressed into <see cref="MaintenanceFileEntry.Destination"/> and the original removed.</summary>
    Archived,

    /// <summary>The file was deleted.</summary>
    Deleted,

    /// <summary>The file is newer than the age limit and was left as it is.</summary>
    Kept,

    /// <summary>The file was left alone on purpose (it belongs to an active execution, or is a lock or temporary file).</summary>
    Skipped,

    /// <summary>The file was written into the backup archive.</summary>
    BackedUp,

    /// <summary>The file was extracted from a backup archive.</summary>
    Restored,

    /// <summary>The operation failed for this file; the file is unchanged (see <see cref="MaintenanceFileEntry.Reason"/>).</summary>
    Failed,
}

/// <summary>One file a maintenance operation looked at.</summary>
public sealed class MaintenanceFileEntry
{
    /// <summary>The file, relative to <c>execution/</c>, with forward slashes (e.g. <c>logs/deploy-2026-01-02-001.log</c>).</summary>
    public required string Path { get; init; }

    /// <summary>What was done with it.</summary>
    public required MaintenanceFileAction Action { get; init; }

    /// <summary>The file's last write time (UTC) when it was examined.</summary>
    public DateTimeOffset LastWriteUtc { get; init; }

    /// <summary>Its size in bytes when it was examined.</summary>
    public long Length { get; init; }

    /// <summary>For an archived log: the archive, relative to <c>execution/</c> (e.g. <c>archive/2026-03/deploy-2026-01-02-001.log.gz</c>).</summary>
    public string? Destination { get; init; }

    /// <summary>Why it was kept, skipped or failed.</summary>
    public string? Reason { get; init; }

    /// <summary>For a file skipped because its execution is active: that execution's id.</summary>
    public string? ExecutionId { get; init; }
}

/// <summary>
/// What one maintenance operation did: every file it looked at and what happened to it. Print it, or write it as JSON
/// with <see cref="ToJson"/> (snake_case names, enum values as strings).
/// </summary>
public sealed class MaintenanceReport
{
    /// <summary>The operation.</summary>
    public required MaintenanceOperation Operation { get; init; }

    /// <summary>True when nothing was changed: the entries say what would have been done.</summary>
    public required bool DryRun { get; init; }

    /// <summary>The <c>execution/</c> folder (absolute) the entries are relative to.</summary>
    public required string ExecutionDirectory { get; init; }

    /// <summary>The clock's time when the operation started (UTC).</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>For archive and clean: files last written before this instant were old enough to act on.</summary>
    public DateTimeOffset? Cutoff { get; init; }

    /// <summary>For backup and restore: the archive file (absolute).</summary>
    public string? BackupFile { get; init; }

    /// <summary>Every file examined, in the order it was processed.</summary>
    public required IReadOnlyList<MaintenanceFileEntry> Files { get; init; }

    /// <summary>True when no file failed.</summary>
    public bool Succeeded => !Files.Any(f => f.Action == MaintenanceFileAction.Failed);

    /// <summary>The logs archived.</summary>
    [JsonIgnore]
    public IReadOnlyList<MaintenanceFileEntry> Archived => Select(MaintenanceFileAction.Archived);

    /// <summary>The files deleted.</summary>
    [JsonIgnore]
    public IReadOnlyList<MaintenanceFileEntry> Deleted => Select(MaintenanceFileAction.Deleted);

    /// <summary>The files kept because they are newer than the age limit.</summary>
    [JsonIgnore]
    public IReadOnlyList<MaintenanceFileEntry> Kept => Select(MaintenanceFileAction.Kept);

    /// <summary>The files left alone on purpose (active executions, lock and temporary files).</summary>
    [JsonIgnore]
    public IReadOnlyList<MaintenanceFileEntry> Skipped => Select(MaintenanceFileAction.Skipped);

    /// <summary>The files written into the backup.</summary>
    [JsonIgnore]
    public IReadOnlyList<MaintenanceFileEntry> BackedUp => Select(MaintenanceFileAction.BackedUp);

    /// <summary>The files extracted from a backup.</summary>
    [JsonIgnore]
    public IReadOnlyList<MaintenanceFileEntry> Restored => Select(MaintenanceFileAction.Restored);

    /// <summary>The files the operation failed on (each is unchanged).</summary>
    [JsonIgnore]
    public IReadOnlyList<MaintenanceFileEntry> Failed => Select(MaintenanceFileAction.Failed);

    /// <summary>The report as indented JSON (for a CLI's <c>--json</c>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, MaintenanceJsonContext.Default.MaintenanceReport);

    private List<MaintenanceFileEntry> Select(MaintenanceFileAction action) => Files.Where(f => f.Action == action).ToList();
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(MaintenanceReport))]
internal sealed partial class MaintenanceJsonContext : JsonSerializerContext
{
}

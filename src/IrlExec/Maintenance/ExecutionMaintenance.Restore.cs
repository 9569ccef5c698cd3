using System.Formats.Tar;
using System.IO.Compression;

namespace IrlExec;

public sealed partial class ExecutionMaintenance
{
    /// <summary>
    /// Restores a backup written by <see cref="Backup"/> into <paramref name="destinationRoot"/>, recreating
    /// <c>&lt;destinationRoot&gt;/execution/</c> with every file's bytes and last write time — the seed's
    /// <c>tar -xzf execution-backup-YYYY-MM-DD.tar.gz</c>.
    /// </summary>
    /// <remarks>
    /// Nothing is overwritten: the destination must not have an <c>execution/</c> folder yet (move the current one
    /// aside first). The archive is extracted into a hidden staging folder and moved into place only when every entry
    /// was read, so a damaged archive leaves the destination as it was. Only entries under <c>execution/</c> that are
    /// files or folders are accepted; anything else (absolute paths, <c>..</c>, links, devices) is refused.
    /// </remarks>
    /// <param name="backupFile">The <c>.tar.gz</c> archive.</param>
    /// <param name="destinationRoot">The root to restore into (created if missing).</param>
    /// <param name="dryRun">List the files that would be restored without writing anything.</param>
    /// <param name="cancellationToken">Stops between entries (the staging folder is removed).</param>
    /// <exception cref="FileNotFoundException">The archive does not exist.</exception>
    /// <exception cref="WorkflowException">The destination already has an <c>execution/</c> folder.</exception>
    /// <exception cref="ExecutionDataException">The archive is damaged or is not an IrlExec backup (the message names it and the entry).</exception>
    public static MaintenanceReport ExtractBackup(string backupFile, string destinationRoot, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupFile);
        var archive = Path.GetFullPath(backupFile);
        if (!File.Exists(archive)) throw new FileNotFoundException($"The backup '{archive}' does not exist.", archive);
        var layout = new ExecutionLayout(destinationRoot);
        if (Directory.Exists(layout.ExecutionDirectory) || File.Exists(layout.ExecutionDirectory))
        {
            throw new WorkflowException($"Cannot restore into '{layout.Root}': '{layout.ExecutionDirectory}' already exists. Restore into an empty root, or move the current execution/ folder aside first.");
        }

        var now = TimeProvider.System.GetUtcNow();
        var staging = Path.Combine(layout.Root, ".execution-restore-" + Guid.NewGuid().ToString("N")[..12]);
        var entries = new List<MaintenanceFileEntry>();
        try
        {
            if (!dryRun) Directory.CreateDirectory(staging);
            var index = 0;
            var sawRoot = false;
            using (var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            using (var tar = new TarReader(gzip))
            {
                while (ReadEntry(tar, archive, index) is { } entry)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    index++;
                    var relative = ValidateEntryName(entry, archive, index);
                    sawRoot = true;
                    var target = Path.Combine(staging, "execution", relative.Replace('/', Path.DirectorySeparatorChar));
                    if (entry.EntryType == TarEntryType.Directory)
                    {
                        if (!dryRun) Directory.CreateDirectory(target);
                        continue;
                    }
                    if (!dryRun)
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        try
                        {
                            entry.ExtractToFile(target, overwrite: false);
                        }
                        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
                        {
                            throw new ExecutionDataException(archive, index, $"entry '{entry.Name}' is damaged: {e.Message}", e);
                        }
                        File.SetLastWriteTimeUtc(target, entry.ModificationTime.UtcDateTime);
                    }
                    entries.Add(new MaintenanceFileEntry { Path = relative, Action = MaintenanceFileAction.Restored, LastWriteUtc = entry.ModificationTime.ToUniversalTime(), Length = entry.Length });
                }
            }
            if (!sawRoot) throw new ExecutionDataException(archive, 0, "not an IrlExec backup: it has no entries under execution/.");
            if (!dryRun)
            {
                var extracted = Path.Combine(staging, "execution");
                Directory.CreateDirectory(extracted);
                Directory.Move(extracted, layout.ExecutionDirectory);
                Directory.Delete(staging, recursive: true);
            }
        }
        catch
        {
            if (!dryRun && Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }

        return new MaintenanceReport { Operation = MaintenanceOperation.Restore, DryRun = dryRun, ExecutionDirectory = layout.ExecutionDirectory, Now = now, BackupFile = archive, Files = entries };
    }

    private static TarEntry? ReadEntry(TarReader tar, string archive, int index)
    {
        try
        {
            return tar.GetNextEntry(copyData: false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new ExecutionDataException(archive, index + 1, $"not a readable .tar.gz backup (entry {index + 1}): {e.Message}", e);
        }
    }

    /// <summary>The entry's path below <c>execution/</c> ("" for the folder itself), or an error for anything unsafe.</summary>
    private static string ValidateEntryName(TarEntry entry, string archive, int index)
    {
        var name = entry.Name.Replace('\\', '/');
        if (entry.EntryType is not (TarEntryType.Directory or TarEntryType.RegularFile or TarEntryType.V7RegularFile))
        {
            throw new ExecutionDataException(archive, index, $"entry '{entry.Name}' is a {entry.EntryType}; a backup holds only files and folders.");
        }
        if (name.TrimEnd('/') == "execution") return "";
        var segments = name.TrimEnd('/').Split('/');
        if (!name.StartsWith(BackupEntryPrefix, StringComparison.Ordinal) || Path.IsPathRooted(name) ||
            segments.Any(s => s is "" or "." or ".."))
        {
            throw new ExecutionDataException(archive, index, $"entry '{entry.Name}' is not a plain path under execution/; refusing to restore it.");
        }
        return name[BackupEntryPrefix.Length..].TrimEnd('/');
    }
}

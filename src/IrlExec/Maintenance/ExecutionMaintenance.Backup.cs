using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;

namespace IrlExec;

public sealed partial class ExecutionMaintenance
{
    /// <summary>The prefix of every entry in a backup: the archive holds the <c>execution/</c> folder itself.</summary>
    public const string BackupEntryPrefix = "execution/";

    /// <summary>
    /// The default backup file for the clock's current UTC date: <c>&lt;root&gt;/execution-backup-YYYY-MM-DD.tar.gz</c>.
    /// </summary>
    public string DefaultBackupPath() =>
        Path.Combine(Layout.Root, "execution-backup-" + _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".tar.gz");

    /// <summary>
    /// Writes the whole <c>execution/</c> folder to a gzip-compressed tar archive — the seed's
    /// <c>tar -czf execution-backup-$(date +%Y-%m-%d).tar.gz execution/</c>.
    /// </summary>
    /// <remarks>
    /// <para>Entries are PAX tar entries named <c>execution/...</c> (forward slashes), folders included, with each file's
    /// last write time. Lock files (<c>*.lock</c>, empty markers held by running processes), IrlExec's hidden temporary
    /// files (<c>.*.tmp</c>), symbolic links and the backup itself are left out and reported as skipped. Files of
    /// active executions are read, never changed; a file that grows while it is copied is copied up to the length it
    /// had when the backup reached it.</para>
    /// <para>The archive is written to a hidden temporary file next to the destination, flushed, and renamed over it: a
    /// reader sees no backup or a complete one, and a failed backup leaves an earlier one of the same name as it was.</para>
    /// </remarks>
    /// <param name="dryRun">Report which files would be backed up without writing anything.</param>
    /// <param name="destinationPath">The archive to write; <see cref="DefaultBackupPath"/> when null.</param>
    /// <param name="cancellationToken">Stops between files (the temporary file is removed).</param>
    /// <exception cref="DirectoryNotFoundException">The root or its <c>execution/</c> folder does not exist.</exception>
    /// <exception cref="WorkflowException">A file could not be read; no backup was written (the message names the file).</exception>
    public MaintenanceReport Backup(bool dryRun = false, string? destinationPath = null, CancellationToken cancellationToken = default)
    {
        EnsureExecutionDirectory();
        var now = _time.GetUtcNow();
        var destination = Path.GetFullPath(destinationPath ?? DefaultBackupPath());
        var destinationDirectory = Path.GetDirectoryName(destination)!;
        var temporary = Path.Combine(destinationDirectory, "." + Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        var entries = new List<MaintenanceFileEntry>();

        if (dryRun)
        {
            WalkForBackup(Layout.ExecutionDirectory, destination, entries, null, cancellationToken);
        }
        else
        {
            Directory.CreateDirectory(destinationDirectory);
            try
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
                    using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                    {
                        WalkForBackup(Layout.ExecutionDirectory, destination, entries, tar, cancellationToken);
                    }
                    file.Flush(flushToDisk: true);
                }
                File.Move(temporary, destination, overwrite: true);
            }
            catch
            {
                TryDelete(temporary);
                throw;
            }
        }

        return new MaintenanceReport { Operation = MaintenanceOperation.Backup, DryRun = dryRun, ExecutionDirectory = Layout.ExecutionDirectory, Now = now, BackupFile = destination, Files = entries };
    }

    private void WalkForBackup(string directory, string destination, List<MaintenanceFileEntry> entries, TarWriter? tar, CancellationToken cancellationToken)
    {
        var relativeDirectory = directory == Layout.ExecutionDirectory ? "" : Layout.RelativeToExecution(directory) + "/";
        tar?.WriteEntry(new PaxTarEntry(TarEntryType.Directory, BackupEntryPrefix + relativeDirectory)
        {
            ModificationTime = new DateTimeOffset(Directory.GetLastWriteTimeUtc(directory), TimeSpan.Zero),
        });

        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Layout.RelativeToExecution(path);
            var name = Path.GetFileName(path);
            var info = new FileInfo(path);
            var lastWrite = new DateTimeOffset(info.Exists ? info.LastWriteTimeUtc : DateTime.UnixEpoch, TimeSpan.Zero);
            var length = info.Exists ? info.Length : 0;
            string? skip =
                !info.Exists ? "removed while the backup ran" :
                info.Attributes.HasFlag(FileAttributes.ReparsePoint) ? "symbolic link" :
                string.Equals(path, destination, StringComparison.Ordinal) ? "the backup itself" :
                name.EndsWith(".lock", StringComparison.OrdinalIgnoreCase) ? "lock file (an empty marker held by a running process)" :
                name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) ? "temporary file of an unfinished write" :
                null;
            if (skip is null && tar is not null && !TryAddToBackup(tar, path, relative, info, cancellationToken))
            {
                skip = "removed while the backup ran";
            }
            entries.Add(skip is null
                ? new MaintenanceFileEntry { Path = relative, Action = MaintenanceFileAction.BackedUp, LastWriteUtc = lastWrite, Length = length }
                : new MaintenanceFileEntry { Path = relative, Action = MaintenanceFileAction.Skipped, LastWriteUtc = lastWrite, Length = length, Reason = skip });
        }

        foreach (var subdirectory in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (new DirectoryInfo(subdirectory).Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                entries.Add(new MaintenanceFileEntry { Path = Layout.RelativeToExecution(subdirectory) + "/", Action = MaintenanceFileAction.Skipped, Reason = "symbolic link" });
                continue;
            }
            WalkForBackup(subdirectory, destination, entries, tar, cancellationToken);
        }
    }

    /// <summary>Adds one file; false when it disappeared before it could be opened.</summary>
    private static bool TryAddToBackup(TarWriter tar, string path, string relative, FileInfo info, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkflowException($"Backup failed: could not read '{path}' ({e.Message}); no backup was written.", e);
        }

        using var data = new BoundedReadStream(stream, Math.Min(info.Length, stream.Length));
        var entry = new PaxTarEntry(TarEntryType.RegularFile, BackupEntryPrefix + relative)
        {
            ModificationTime = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero),
            DataStream = data,
        };
        if (!OperatingSystem.IsWindows())
        {
            entry.Mode = File.GetUnixFileMode(path);
        }
        try
        {
            tar.WriteEntry(entry);
        }
        catch (IOException e)
        {
            throw new WorkflowException($"Backup failed while adding '{path}' ({e.Message}); no backup was written.", e);
        }
        return true;
    }
}

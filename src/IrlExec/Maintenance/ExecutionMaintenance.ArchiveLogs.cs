using System.IO.Compression;

namespace IrlExec;

public sealed partial class ExecutionMaintenance
{
    /// <summary>
    /// Gzip-compresses every <c>execution/logs/*.log</c> last written more than <see cref="MaintenanceOptions.LogArchiveAge"/>
    /// ago into <c>execution/archive/YYYY-MM/&lt;name&gt;.log.gz</c>, then removes the original — the seed's
    /// <c>find execution/logs/ -name "*.log" -mtime +30 -exec gzip</c> followed by
    /// <c>mv execution/logs/*.gz execution/archive/$(date +%Y-%m)/</c>.
    /// </summary>
    /// <remarks>
    /// <para><c>YYYY-MM</c> is the clock's current month in UTC (the month the archiving runs, as the seed's
    /// <c>date +%Y-%m</c>), not the month the log was written.</para>
    /// <para>The archive is written to a hidden temporary file, flushed to disk, checked to decompress to the original
    /// bytes, and renamed into place; only then is the log deleted. On any failure the log stays and the entry is
    /// <see cref="MaintenanceFileAction.Failed"/>. The archive keeps the log's last write time (as <c>gzip</c> does).
    /// When an archive of the same name already exists with the same content, the log is just removed; with different
    /// content the new archive is named <c>&lt;name&gt;.2.log.gz</c>, <c>.3</c>, ...</para>
    /// <para>The log file of an active execution is skipped, whatever its age.</para>
    /// </remarks>
    /// <param name="dryRun">Report what would be archived without writing or deleting anything.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    /// <exception cref="DirectoryNotFoundException">The root or its <c>execution/</c> folder does not exist.</exception>
    public MaintenanceReport ArchiveLogs(bool dryRun = false, CancellationToken cancellationToken = default)
    {
        EnsureExecutionDirectory();
        using var _ = LockUnlessDryRun(dryRun);
        var now = _time.GetUtcNow();
        var cutoff = now - Options.LogArchiveAge;
        var monthDirectory = Path.Combine(Layout.ArchiveDirectory, now.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        var active = ActiveExecutionFiles.Load(Layout);
        var entries = new List<MaintenanceFileEntry>();

        foreach (var log in FilesEndingWith(Layout.LogsDirectory, ".log"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Layout.RelativeToExecution(log);
            var lastWrite = new DateTimeOffset(File.GetLastWriteTimeUtc(log), TimeSpan.Zero);
            var length = new FileInfo(log).Length;
            if (active.OwnerByPath(log) is { } owner)
            {
                entries.Add(new() { Path = relative, Action = MaintenanceFileAction.Skipped, LastWriteUtc = lastWrite, Length = length, Reason = active.Reason(owner), ExecutionId = owner.ExecutionId });
                continue;
            }
            if (lastWrite >= cutoff)
            {
                entries.Add(new() { Path = relative, Action = MaintenanceFileAction.Kept, LastWriteUtc = lastWrite, Length = length, Reason = $"last written less than {Options.LogArchiveAge.TotalDays:0.##} days ago" });
                continue;
            }
            entries.Add(ArchiveOne(log, relative, lastWrite, length, monthDirectory, dryRun));
        }

        return new MaintenanceReport { Operation = MaintenanceOperation.ArchiveLogs, DryRun = dryRun, ExecutionDirectory = Layout.ExecutionDirectory, Now = now, Cutoff = cutoff, Files = entries };
    }

    private MaintenanceFileEntry ArchiveOne(string log, string relative, DateTimeOffset lastWrite, long length, string monthDirectory, bool dryRun)
    {
        string? temporary = null;
        try
        {
            var (destination, identicalExists) = ChooseArchivePath(log, monthDirectory);
            var entry = new MaintenanceFileEntry
            {
                Path = relative, Action = MaintenanceFileAction.Archived, LastWriteUtc = lastWrite, Length = length,
                Destination = Layout.RelativeToExecution(destination),
                Reason = identicalExists ? "an identical archive already existed; the log was removed" : null,
            };
            if (dryRun) return entry;

            if (!identicalExists)
            {
                Directory.CreateDirectory(monthDirectory);
                temporary = Path.Combine(monthDirectory, "." + Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
                using (var source = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    using (var compressor = CreateCompressor(target))
                    {
                        source.CopyTo(compressor);
                    }
                    target.Flush(flushToDisk: true);
                }
                if (!DecompressesTo(temporary, log))
                {
                    throw new IOException($"The archive written for {relative} does not decompress to the log's bytes.");
                }
                File.SetLastWriteTimeUtc(temporary, lastWrite.UtcDateTime);
                File.Move(temporary, destination, overwrite: false);
                temporary = null;
            }

            // Someone wrote to the log while it was being archived: keep it (the archive stays, a later run redoes it).
            if (File.GetLastWriteTimeUtc(log) != lastWrite.UtcDateTime || new FileInfo(log).Length != length)
            {
                return new MaintenanceFileEntry { Path = relative, Action = MaintenanceFileAction.Failed, LastWriteUtc = lastWrite, Length = length, Destination = entry.Destination, Reason = "the log changed while it was being archived; it was kept" };
            }
            File.Delete(log);
            return entry;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            if (temporary is not null) TryDelete(temporary);
            return new MaintenanceFileEntry { Path = relative, Action = MaintenanceFileAction.Failed, LastWriteUtc = lastWrite, Length = length, Reason = "the log was kept: " + Describe(e) };
        }
    }

    /// <summary><c>&lt;name&gt;.gz</c> in the month folder, or the next free <c>&lt;stem&gt;.N.log.gz</c> when a different archive has that name.</summary>
    private static (string Path, bool IdenticalExists) ChooseArchivePath(string log, string monthDirectory)
    {
        var name = Path.GetFileName(log);
        var stem = Path.GetFileNameWithoutExtension(log);
        var extension = Path.GetExtension(log);
        for (var n = 1; ; n++)
        {
            var candidate = Path.Combine(monthDirectory, (n == 1 ? name : $"{stem}.{n}{extension}") + ".gz");
            if (!File.Exists(candidate) && !Directory.Exists(candidate)) return (candidate, false);
            if (File.Exists(candidate) && DecompressesTo(candidate, log)) return (candidate, true);
        }
    }

    /// <summary>True when the gzip file <paramref name="archive"/> decompresses to exactly the bytes of <paramref name="original"/>.</summary>
    internal static bool DecompressesTo(string archive, string original)
    {
        try
        {
            using var compressed = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            using var expected = new FileStream(original, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return StreamsEqual(gzip, expected);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static bool StreamsEqual(Stream a, Stream b)
    {
        var bufferA = new byte[81920];
        var bufferB = new byte[81920];
        while (true)
        {
            var readA = a.ReadAtLeast(bufferA, bufferA.Length, throwOnEndOfStream: false);
            var readB = b.ReadAtLeast(bufferB, bufferB.Length, throwOnEndOfStream: false);
            if (readA != readB || !bufferA.AsSpan(0, readA).SequenceEqual(bufferB.AsSpan(0, readB))) return false;
            if (readA == 0) return true;
        }
    }
}

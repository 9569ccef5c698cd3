namespace IrlExec;

/// <summary>
/// Looks after an <c>execution/</c> folder the way the seed's weekly cleanup does, safely: archives old logs
/// (<see cref="ArchiveLogs"/>), deletes old results (<see cref="CleanResults"/>), and backs the folder up
/// (<see cref="Backup"/>, restored with <see cref="ExtractBackup"/>).
/// </summary>
/// <remarks>
/// <para>The files of an active execution (its log and its result) are never archived or deleted; they are reported as
/// <see cref="MaintenanceFileAction.Skipped"/>. An execution is active when its history has not finished, or cannot be
/// read; the active list <c>execution/active/workflows.json</c>, a view, is not consulted.</para>
/// <para>Ages are measured from each file's last write time (<see cref="File.GetLastWriteTimeUtc(string)"/>) to the
/// clock's current time; a file is old when it was last written strictly more than the age ago.</para>
/// <para>Every operation takes a <c>dryRun</c> flag: the report then says what would be done and nothing is written.</para>
/// </remarks>
public sealed partial class ExecutionMaintenance
{
    private readonly TimeProvider _time;

    /// <summary>Maintenance for the execution root <paramref name="root"/> (the folder that contains <c>execution/</c>).</summary>
    /// <param name="root">The execution root.</param>
    /// <param name="options">The ages; <see cref="MaintenanceOptions.Default"/> when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public ExecutionMaintenance(string root, MaintenanceOptions? options = null, TimeProvider? timeProvider = null)
    {
        Layout = new ExecutionLayout(root);
        Options = options ?? MaintenanceOptions.Default;
        Options.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The folders of the execution root.</summary>
    public ExecutionLayout Layout { get; }

    /// <summary>The ages in use.</summary>
    public MaintenanceOptions Options { get; }

    /// <summary>Creates the compressing stream for an archived log (a test seam to fail mid-way).</summary>
    internal Func<Stream, Stream> CreateCompressor { get; set; } = DefaultCompressor;

    private static Stream DefaultCompressor(Stream destination) =>
        new System.IO.Compression.GZipStream(destination, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true);

    /// <summary>Throws when the root or its <c>execution/</c> folder is missing.</summary>
    private void EnsureExecutionDirectory()
    {
        if (!Directory.Exists(Layout.Root))
        {
            throw new DirectoryNotFoundException($"The execution root '{Layout.Root}' does not exist.");
        }
        if (!Directory.Exists(Layout.ExecutionDirectory))
        {
            throw new DirectoryNotFoundException(
                $"There is no execution/ folder in '{Layout.Root}' ('{Layout.ExecutionDirectory}' does not exist); use the folder that contains execution/ as the root.");
        }
    }

    /// <summary>Takes the maintenance lock so two maintenance runs never work on the same files at once.</summary>
    private CrossProcessLock? LockUnlessDryRun(bool dryRun) =>
        dryRun ? null : CrossProcessLock.Acquire(Path.Combine(Layout.ExecutionDirectory, ".maintenance.lock"), TimeSpan.FromSeconds(30));

    /// <summary>The regular, non-hidden files of <paramref name="directory"/> ending in <paramref name="extension"/>, sorted.</summary>
    private static List<string> FilesEndingWith(string directory, string extension)
    {
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden *.tmp file is never read and is skipped by every operation.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using System.Diagnostics;

namespace IrlExec.Tests.Support;

/// <summary>
/// A real, small file system (a tmpfs of <c>size</c> bytes mounted on a temporary folder) that a test can fill up, for
/// the full-disk behaviour on real files. Mounting needs root on Linux: <see cref="SkipUnlessAvailable"/> skips a test
/// where it cannot be mounted.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private readonly string? _error;

    public SmallDisk(int sizeKiB = 256)
    {
        Path = Directory.CreateTempSubdirectory("irlexec-smalldisk-").FullName;
        if (!OperatingSystem.IsLinux())
        {
            _error = "a tmpfs is mounted on Linux only";
            return;
        }
        _error = Run("mount", "-t", "tmpfs", "-o", $"size={sizeKiB}k", "tmpfs", Path);
        Mounted = _error is null;
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    public bool Mounted { get; }

    private string FillerPath => System.IO.Path.Combine(Path, "filler.bin");

    /// <summary>Skips the test when the small disk could not be mounted (not root, no mount command).</summary>
    public void SkipUnlessAvailable() => Skip.IfNot(Mounted, "cannot mount a small tmpfs here: " + _error);

    /// <summary>Writes a filler file until the disk is full (the write that fails is the proof).</summary>
    public void Fill()
    {
        using var filler = new FileStream(FillerPath, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var block = new byte[4096];
        try
        {
            while (true) filler.Write(block);
        }
        catch (IOException)
        {
            // Full.
        }
        // Whatever still fits in less than a block.
        for (var size = 2048; size > 0; size /= 2)
        {
            try
            {
                filler.Write(block, 0, size);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Remounts the disk read-only: nothing on it can be created, written or removed any more (not even by root).</summary>
    public void MakeReadOnly()
    {
        // A deleted file still open refuses the remount ("mount point is busy"): the old files a run's views replaced are
        // freed by a background thread after the run returns (docs/storage.md, atomic files).
        SpinWait.SpinUntil(() => !OpenFiles.AnyDeletedUnder(Path), TimeSpan.FromSeconds(60));
        var error = Run("mount", "-o", "remount,ro", Path);
        if (error is not null) throw new InvalidOperationException(error);
    }


    /// <summary>Frees the space <see cref="Fill"/> took.</summary>
    public void Free() => File.Delete(FillerPath);

    public void Dispose()
    {
        if (Mounted) Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    // Null when the command succeeded, else what went wrong.
    private static string? Run(string command, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in arguments) info.ArgumentList.Add(argument);
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{command} exited {process.ExitCode}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{command}: {e.Message}";
        }
    }
}

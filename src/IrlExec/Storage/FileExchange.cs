using System.Runtime.InteropServices;

namespace IrlExec;

/// <summary>
/// Exchanges the names of two files atomically (Linux <c>renameat2(RENAME_EXCHANGE)</c>): <see cref="AtomicFile"/> puts a
/// view that is not flushed to disk in place this way, then deletes the old file, now under the temporary name. Readers
/// see the old file or the new one, as with a rename over it.
/// </summary>
/// <remarks>
/// Why not a rename over the target: ext4 (mounted with <c>auto_da_alloc</c>, its default) starts writing a file's
/// bytes to disk when it is renamed over another one, to save files replaced without <c>fsync</c> from a crash. For a view
/// rewritten several times a second that costs the caller the block allocation and the I/O submission (250 µs instead
/// of 55 µs for 300 KB on the benchmark machine) and queues the view's bytes on the disk next to the history's
/// <c>fsync</c>, for a file the next pass replaces anyway. An exchanged file is written back later by the kernel, or never
/// when a newer copy replaces it first. After a power cut a view may be old or empty either way (docs/storage.md).
/// </remarks>
internal static partial class FileExchange
{
    private const int AtCurrentDirectory = -100; // AT_FDCWD
    private const uint RenameExchange = 2; // RENAME_EXCHANGE
    private const int NotImplemented = 38; // ENOSYS: a kernel older than 3.15

    // Cleared when the call cannot work in this process (another C library, an old kernel): rename over, as elsewhere.
    private static volatile bool s_available = OperatingSystem.IsLinux();

    /// <summary>
    /// Exchanges the names <paramref name="source"/> and <paramref name="target"/> (both in one folder): the file that was
    /// at <paramref name="source"/> is then at <paramref name="target"/>, and the other way round. False, with nothing
    /// changed, where that is not possible: not Linux, no target yet, or a file system without the exchange (the caller
    /// then renames over the target).
    /// </summary>
    public static bool TryExchange(string source, string target)
    {
        if (!s_available) return false;
        int error;
        try
        {
            if (RenameAt2(AtCurrentDirectory, source, AtCurrentDirectory, target, RenameExchange) == 0) return true;
            error = Marshal.GetLastPInvokeError();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_available = false;
            return false;
        }
        // ENOENT (no target yet), EINVAL (a file system without the exchange), or an error the rename reports better.
        if (error == NotImplemented) s_available = false;
        return false;
    }

    /// <summary>
    /// Makes <paramref name="link"/> a new name (a hard link) of the file <paramref name="existing"/>. False, with nothing
    /// changed, where that is not possible: not Linux, another file system (a folder linked elsewhere), a file system
    /// without hard links, a missing folder, or a name that is taken.
    /// </summary>
    public static bool TryLink(string existing, string link)
    {
        if (!s_available) return false;
        try
        {
            return Link(existing, link) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string link);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);
}

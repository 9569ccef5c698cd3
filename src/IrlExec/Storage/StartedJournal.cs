using System.Runtime.InteropServices;
using System.Text;

namespace IrlExec;

/// <summary>
/// <c>execution/index/started.txt</c>: one line <c>&lt;execution id&gt;\n</c> per execution created in the root, appended
/// by <see cref="FileSystemExecutionStore"/> just before it creates the execution's history. <c>irlexec list</c> reads the
/// lines added since its last listing of <c>execution/state/</c> to learn which executions were created since, without
/// listing that folder again (docs/storage.md, "The stamp of the state listing").
/// </summary>
/// <remarks>
/// One write per line, to a file opened for appending (<c>O_APPEND</c> on Linux: lines of processes that start executions
/// at once do not overwrite each other), not flushed to disk: a machine that stops loses the lines it had not written
/// back, and a listing after a restart (another boot) does not trust the journal. The <c>index/</c> folder is not created
/// for it: without that folder the line is not written. A line that cannot be written never fails the run: the stamp of
/// the state listing is then deleted once the history exists, so that the next <c>list</c> lists the folder.
/// </remarks>
public static partial class StartedJournal
{
    /// <summary><c>execution/index/started.txt</c>.</summary>
    public static string FilePath(ExecutionLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Path.Combine(layout.ExecutionDirectory, "index", "started.txt");
    }

    /// <summary>
    /// <c>execution/index/state-listing.txt</c>: what <c>irlexec list</c> last found by listing <c>execution/state/</c>
    /// (the CLI writes and reads it). Deleting it is always safe: the next <c>list</c> lists the folder.
    /// </summary>
    public static string ListingStampPath(ExecutionLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Path.Combine(layout.ExecutionDirectory, "index", "state-listing.txt");
    }

    /// <summary>
    /// Deletes the stamp of the state listing (<see cref="ListingStampPath"/>), best effort: for a tool that removes or
    /// rewrites files in <c>execution/state/</c> or the index, before it does, and for a creation the journal missed.
    /// </summary>
    /// <returns>False when a stamp is there and could not be deleted.</returns>
    public static bool InvalidateListing(ExecutionLayout layout)
    {
        var path = ListingStampPath(layout);
        try
        {
            File.Delete(path);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return !File.Exists(path);
        }
    }

    /// <summary>
    /// Appends <paramref name="executionId"/>'s line. False when it could not be written (no <c>index/</c> folder, a link,
    /// a full disk, a read-only root): then the caller deletes the stamp once the history exists.
    /// </summary>
    internal static bool TryAppend(ExecutionLayout layout, string executionId)
    {
        var path = FilePath(layout);
        var line = Encoding.UTF8.GetBytes(executionId + "\n");
        try
        {
            ExecutionLinks.Refuse(layout, path);
            if (s_appendCall && TryAppendLinux(path, line) is { } appended) return appended;
            // Elsewhere: a stream opened to append (its position is the end when it is opened).
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            stream.Write(line);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ExecutionDataException)
        {
            return false;
        }
    }

    // Cleared when the C library cannot be called in this process: the stream is used instead.
    private static volatile bool s_appendCall = OperatingSystem.IsLinux();

    private const int WriteOnly = 0x1, Create = 0x40, Append = 0x400, CloseOnExec = 0x80000; // O_WRONLY, O_CREAT, O_APPEND, O_CLOEXEC (Linux)
    private const int Interrupted = 4; // EINTR
    private const int ReadWriteForAll = 0x1B6; // 0666, less the umask

    // True: written; false: not (nothing or part of it); null: the call is not available here.
    private static unsafe bool? TryAppendLinux(string path, byte[] line)
    {
        int descriptor;
        try
        {
            descriptor = Open(path, WriteOnly | Create | Append | CloseOnExec, ReadWriteForAll);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_appendCall = false;
            return null;
        }
        if (descriptor < 0) return false;
        try
        {
            fixed (byte* bytes = line)
            {
                while (true)
                {
                    var written = Write(descriptor, bytes, (nuint)line.Length);
                    if (written < 0 && Marshal.GetLastPInvokeError() == Interrupted) continue;
                    // One write of a few dozen bytes to a file opened to append is written whole or not at all, but for a
                    // full disk: a part of a line is a line that is not an id, which makes list list the folder.
                    return written == line.Length;
                }
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint Write(int descriptor, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IrlExec;

/// <summary>
/// A new file without a name yet (Linux <c>open(folder, O_TMPFILE)</c>), given its name once its bytes are flushed
/// (<c>linkat</c>): how a flushed file is created (a new history, the manifest before it replaces the README).
/// </summary>
/// <remarks>
/// Why: on ext4 the first <c>fsync</c> of a file created under a name also writes its folder to disk (the new name), two
/// more writes the disk does one after the other; a file without a name has no folder entry to write, so its flush
/// writes only its bytes and its inode. The name it gets afterwards is made durable by the file's next flush (a history's
/// next append), as a rename was before, or by nothing (a replaced README, as after its rename). A process killed before
/// the file is named leaves nothing behind: the system frees a file that has no name when its last handle closes.
/// Where this is not possible (not Linux, another processor, a file system without <c>O_TMPFILE</c>, no <c>/proc</c>),
/// <see cref="TryCreate"/> returns null and the caller creates a named temporary file, as elsewhere.
/// </remarks>
internal static partial class UnnamedFile
{
    private const int AtCurrentDirectory = -100; // AT_FDCWD
    private const int AtSymlinkFollow = 0x400; // AT_SYMLINK_FOLLOW: link the file /proc/self/fd/N points to
    private const int WriteOnly = 0x1; // O_WRONLY
    private const int CloseOnExec = 0x80000; // O_CLOEXEC
    private const int TemporaryFile = 0x400000; // __O_TMPFILE (O_TMPFILE is __O_TMPFILE | O_DIRECTORY)
    /// <summary>ENOENT: what <see cref="Name"/>'s exception carries when the folder of the new name is missing.</summary>
    internal const int NoEntry = 2;

    // O_DIRECTORY differs between processors; null where the value is not known here.
    private static readonly int? s_directoryFlag = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x10000,
        Architecture.Arm64 or Architecture.Arm => 0x4000,
        _ => null,
    };

    // Cleared once the calls cannot work in this process: every caller then creates named temporary files.
    private static volatile bool s_available = OperatingSystem.IsLinux() && s_directoryFlag is not null && Directory.Exists("/proc/self/fd");

    /// <summary>Whether <see cref="TryCreate"/> can return files in this process (tests turn it off to run the fallback).</summary>
    internal static bool Available
    {
        get => s_available;
        set => s_available = value && OperatingSystem.IsLinux() && s_directoryFlag is not null && Directory.Exists("/proc/self/fd");
    }

    /// <summary>
    /// A new, empty, unnamed file in <paramref name="folder"/>, open for writing (unbuffered), or null when unnamed files
    /// are not possible there (the caller creates a named temporary file). A missing folder throws
    /// <see cref="DirectoryNotFoundException"/>, as opening a new file in it would.
    /// </summary>
    public static FileStream? TryCreate(string folder)
    {
        if (!s_available) return null;
        int descriptor;
        int error;
        try
        {
            descriptor = Open(folder, TemporaryFile | s_directoryFlag!.Value | WriteOnly | CloseOnExec, Convert.ToUInt32("666", 8));
            error = descriptor < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_available = false;
            return null;
        }
        if (descriptor < 0)
        {
            if (error == NoEntry) throw new DirectoryNotFoundException($"Could not find a part of the path '{folder}'.");
            // EOPNOTSUPP / EISDIR / EINVAL: no O_TMPFILE on that file system (or kernel); anything else the named file reports.
            return null;
        }
        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        try
        {
            return new FileStream(handle, FileAccess.Write, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Gives the unnamed file <paramref name="file"/> (from <see cref="TryCreate"/>) the name <paramref name="path"/>,
    /// which must not exist. Throws <see cref="IOException"/> (its <see cref="Exception.HResult"/> the system's error
    /// number) when it cannot: the name is taken, the disk is full, ... The file stays open and unnamed then.
    /// </summary>
    public static void Name(FileStream file, string path)
    {
        var source = "/proc/self/fd/" + file.SafeFileHandle.DangerousGetHandle().ToInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (LinkAt(AtCurrentDirectory, source, AtCurrentDirectory, path, AtSymlinkFollow) == 0) return;
        var error = Marshal.GetLastPInvokeError();
        throw new IOException($"Could not name the new file '{path}': {Marshal.GetPInvokeErrorMessage(error)}", error);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkAt(int oldDirectory, string oldPath, int newDirectory, string newPath, int flags);
}

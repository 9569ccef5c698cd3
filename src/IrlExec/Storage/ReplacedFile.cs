using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace IrlExec;

/// <summary>
/// Deletes the old file a view's atomic write replaced (left under its hidden temporary name by the exchange of names,
/// see <see cref="AtomicFile"/>): its name is removed at once, and its inode and blocks are freed later, off the
/// caller's path, when the process's idle-priority thread (<see cref="IdleThread"/>) closes the handle that kept them.
/// </summary>
/// <remarks>
/// Why: freeing a file's blocks is the costly part of a deletion (on ext4 mounted with <c>discard</c>, the blocks are
/// discarded on the disk before the call returns: 100 to 250 µs for a 16 KB README), and a run's end waited for it. A
/// name without its file is never seen: once this returns, the folder holds no trace of the old file. A file whose
/// handle is still open is freed by the system when the process ends, also when it is killed. At most
/// <see cref="MaxPending"/> files wait to be freed; past that the caller frees the file itself, so a machine too busy
/// to give the idle thread any time keeps no growing number of deleted files open.
/// </remarks>
internal static class ReplacedFile
{
    /// <summary>How many deleted files may wait for their handle to be closed.</summary>
    internal const int MaxPending = 16;

    private static readonly ConcurrentQueue<SafeFileHandle> Pending = new();
    private static int s_pending;
    private static int s_closing;

    /// <summary>Whether the freeing is left to a background thread (tests turn it off to see the file freed at once).</summary>
    internal static bool FreeLater { get; set; } = OperatingSystem.IsLinux();

    /// <summary>Keeps the background thread from closing the kept handles (tests: to see the bound hold).</summary>
    internal static bool HoldClosing { get; set; }

    /// <summary>How many deleted files wait to be freed now.</summary>
    internal static int PendingCount => Volatile.Read(ref s_pending);

    /// <summary>
    /// Removes <paramref name="path"/>'s name now and frees the file later: at once off the caller's path with
    /// <paramref name="freeNow"/>, else when <see cref="FreeKept"/> is called (a run's end frees its replaced files once
    /// the README's fsync is over). Best effort: a file already gone, or one that cannot be deleted, is left.
    /// </summary>
    public static void Delete(string path, bool freeNow = true)
    {
        var kept = FreeLater && Interlocked.Increment(ref s_pending) <= MaxPending ? TryOpen(path) : null;
        if (kept is null && FreeLater) Interlocked.Decrement(ref s_pending);
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover hidden *.tmp file is harmless and never read.
        }
        if (kept is null) return;
        Pending.Enqueue(kept);
        if (freeNow) FreeKept();
    }

    /// <summary>Frees, off the caller's path, the files deleted and kept so far.</summary>
    public static void FreeKept()
    {
        if (!HoldClosing && !Pending.IsEmpty && Interlocked.CompareExchange(ref s_closing, 1, 0) == 0) _ = IdleThread.Run(CloseAll);
    }

    // Opened only to keep the file until it is closed; FileShare.Delete: the delete that follows must not be refused.
    private static SafeFileHandle? TryOpen(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Closes every kept handle (the system frees each file then), until none is left.</summary>
    internal static void CloseAll()
    {
        while (true)
        {
            while (Pending.TryDequeue(out var handle))
            {
                handle.Dispose();
                Interlocked.Decrement(ref s_pending);
            }
            Volatile.Write(ref s_closing, 0);
            // A file queued after the last dequeue and before the flag was cleared found the flag set: close it too.
            if (Pending.IsEmpty || Interlocked.CompareExchange(ref s_closing, 1, 0) != 0) return;
        }
    }
}

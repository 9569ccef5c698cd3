using System.Collections.Concurrent;

namespace IrlExec;

/// <summary>
/// A lock shared by every process on the machine, held as an exclusive lock on a file (flock on Unix). Used around
/// read-modify-write of shared files (the active list, the manifest) so concurrent executions lose no update.
/// Threads of one process queue on an in-process semaphore first, so only one of them at a time polls the file lock:
/// many executions in one process hand the lock on at once instead of sleeping in back-off.
/// </summary>
public sealed class CrossProcessLock : IDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);
    private readonly FileStream _stream;
    private readonly SemaphoreSlim _inProcess;
    private int _disposed;

    private CrossProcessLock(FileStream stream, SemaphoreSlim inProcess)
    {
        _stream = stream;
        _inProcess = inProcess;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the lock on <paramref name="lockFilePath"/>.</summary>
    /// <exception cref="TimeoutException">The lock stayed held by someone else.</exception>
    public static CrossProcessLock Acquire(string lockFilePath, TimeSpan timeout)
    {
        var fullPath = Path.GetFullPath(lockFilePath);
        var deadline = DateTime.UtcNow + timeout;
        var inProcess = InProcess.GetOrAdd(fullPath, static _ => new SemaphoreSlim(1, 1));
        if (!inProcess.Wait(timeout))
        {
            throw new TimeoutException($"Could not lock {lockFilePath} within {timeout.TotalSeconds:0.#}s; another thread of this process holds it.");
        }
        try
        {
            var wait = 1;
            while (true)
            {
                try
                {
                    return new CrossProcessLock(Open(fullPath), inProcess);
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    // Held by another process: back off, but not so far that a short hold costs a long sleep.
                    Thread.Sleep(wait);
                    wait = Math.Min(wait * 2, 10);
                }
                catch (IOException e)
                {
                    throw new TimeoutException($"Could not lock {lockFilePath} within {timeout.TotalSeconds:0.#}s; another process holds it.", e);
                }
            }
        }
        catch
        {
            inProcess.Release();
            throw;
        }
    }

    // The lock file, created with its folder when that is missing (not asked for at every acquisition: a root's lock
    // folders are there from the first run on).
    private static FileStream Open(string fullPath)
    {
        try
        {
            return new FileStream(fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (MissingFolder.Caused(e))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            return new FileStream(fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stream.Dispose();
        _inProcess.Release();
    }
}

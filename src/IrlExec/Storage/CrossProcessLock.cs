namespace IrlExec;

/// <summary>
/// A lock shared by every process on the machine, held as an exclusive lock on a file (flock on Unix). Used around
/// read-modify-write of shared files (the active list, the manifest) so concurrent executions lose no update.
/// </summary>
public sealed class CrossProcessLock : IDisposable
{
    private readonly FileStream _stream;

    private CrossProcessLock(FileStream stream) => _stream = stream;

    /// <summary>Waits up to <paramref name="timeout"/> for the lock on <paramref name="lockFilePath"/>.</summary>
    /// <exception cref="TimeoutException">The lock stayed held by someone else.</exception>
    public static CrossProcessLock Acquire(string lockFilePath, TimeSpan timeout)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockFilePath))!);
        var deadline = DateTime.UtcNow + timeout;
        var wait = 1;
        while (true)
        {
            try
            {
                return new CrossProcessLock(new FileStream(lockFilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(wait);
                wait = Math.Min(wait * 2, 50);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Could not lock {lockFilePath} within {timeout.TotalSeconds:0.#}s; another process holds it.", e);
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}

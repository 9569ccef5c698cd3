namespace HelloPipeline;

/// <summary>
/// An append-only file of side effects, one line per effect, keyed by the step's idempotency key: appending the same
/// key twice writes it once. This is how a step stays exactly-once in effect although the engine may run it again
/// after a crash (steps are at-least-once).
/// </summary>
public sealed class SideEffectFile(string path)
{
    public void AppendOnce(string idempotencyKey, string what)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = OpenExclusive();
        using var reader = new StreamReader(stream, leaveOpen: true);
        var prefix = idempotencyKey + " ";
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return; // already done by an earlier attempt
        }
        stream.Seek(0, SeekOrigin.End);
        var bytes = System.Text.Encoding.UTF8.GetBytes(prefix + what + "\n");
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    // The exclusive open is what makes "check, then append" atomic across processes sharing the file. On Unix .NET
    // takes a non-blocking lock, so another process holding it is an IOException at once: wait for it, within reason.
    private FileStream OpenExclusive()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline && File.Exists(path))
            {
                Thread.Sleep(10);
            }
        }
    }
}

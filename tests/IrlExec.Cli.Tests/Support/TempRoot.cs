namespace IrlExec.Cli.Tests.Support;

/// <summary>A fresh folder on disk for one test, removed afterwards.</summary>
internal sealed class TempRoot : IDisposable
{
    public TempRoot() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "irlexec-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public ExecutionLayout Layout => new(Path);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

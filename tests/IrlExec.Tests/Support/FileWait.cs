namespace IrlExec.Tests.Support;

/// <summary>
/// Reads a view file from inside a running step. The views of a run's start and of its steps are written in the
/// background (docs/storage.md, "When views are updated"), so a step that reads one waits until it shows what the test
/// expects, or gives up after 60 seconds (generous: the machine may be loaded) and returns what the file held last (the test's assertion then fails on it).
/// </summary>
internal static class FileWait
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string? ReadTextWhen(string path, Func<string, bool> shows)
    {
        var deadline = DateTime.UtcNow + Timeout;
        string? text = null;
        while (true)
        {
            text = TryRead(path) ?? text;
            if ((text is not null && shows(text)) || DateTime.UtcNow > deadline) return text;
            Thread.Sleep(5);
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}

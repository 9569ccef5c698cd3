using System.Diagnostics;
using System.Text.RegularExpressions;
using IrlExec.Tests.Support;

namespace IrlExec.EndToEnd.Tests;

/// <summary>
/// The files a run's views make ahead (unnamed until written) and the old files they replace: a process killed while
/// its steps run leaves none of them in the root.
/// </summary>
public sealed class PreparedFilesAfterKillTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("irlexec-prepared-kill-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_run_killed_while_its_views_files_are_made_ahead_leaves_no_file_behind()
    {
        if (!OperatingSystem.IsLinux()) return; // unnamed files and /proc are Linux's
        // A first run to its end makes the root's folders and the views' files a second run replaces.
        var (exitCode, output) = await SampleProcess.RunToEndAsync("HelloPipeline", "run", "--root", _root, "--delay-ms", "20");
        Assert.True(exitCode == 0, output);
        var state = Path.Combine(_root, "execution", "state");
        var before = Directory.EnumerateFiles(state, "*.history.jsonl").ToHashSet();

        using var process = SampleProcess.Start("HelloPipeline", "run", "--root", _root, "--delay-ms", "3000");
        // The second run's views have made their files: unnamed files open in the results and workspace folders.
        Assert.True(await WaitUntilAsync(() => UnnamedFilesOf(process.Id, Path.Combine(_root, "execution", "results")) > 0 && UnnamedFilesOf(process.Id, Path.Combine(_root, "workspace")) > 0, process),
            "the run made no file ahead in execution/results and workspace");
        var id = Path.GetFileName(Directory.EnumerateFiles(state, "*.history.jsonl").Single(f => !before.Contains(f)))[..^".history.jsonl".Length];
        Assert.True(await WaitUntilAsync(() => Regex.IsMatch(ReadShared(Path.Combine(state, id + ".history.jsonl")), "\"kind\":\"StepStarted\",\"step\":2,"), process), "step 2 never started");
        Assert.False(process.HasExited);

        process.Kill(entireProcessTree: true); // SIGKILL
        await process.WaitForExitAsync();

        Assert.Empty(Directory.EnumerateFiles(_root, ".*.tmp", SearchOption.AllDirectories));
        (exitCode, output) = await SampleProcess.RunToEndAsync("HelloPipeline", "resume", id, "--root", _root, "--delay-ms", "20");
        Assert.True(exitCode == 0, output);
        Assert.Empty(Directory.EnumerateFiles(_root, ".*.tmp", SearchOption.AllDirectories));
    }

    private static int UnnamedFilesOf(int pid, string folder) => OpenFiles.UnnamedIn(folder, pid).Count;

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (condition()) return true;
            if (process.HasExited) return condition();
            await Task.Delay(5);
        }
        return false;
    }
}

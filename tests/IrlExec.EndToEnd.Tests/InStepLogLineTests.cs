using System.Diagnostics;
using System.Text.RegularExpressions;

namespace IrlExec.EndToEnd.Tests;

/// <summary>
/// A step's own log line, in a real child process: it is in the log file while the step still runs, and a SIGKILL
/// right after loses it from neither the history (the record) nor the log file (the view).
/// </summary>
public sealed class InStepLogLineTests : IDisposable
{
    // HelloPipeline's first step waits half this, logs "Gathered ...", then waits the other half: the test must see the
    // line within that half, which a loaded machine (the in-step commit, the log view, this test's polling) may stretch
    // to seconds.
    private const int StepDelayMs = 20_000;
    private const string Line = "Gathered 3 names for world";
    private readonly string _root = Directory.CreateTempSubdirectory("irlexec-log-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_line_logged_by_a_long_step_is_in_the_log_while_the_step_runs_and_in_the_history_after_SIGKILL()
    {
        using var process = SampleProcess.Start("HelloPipeline", "run", "--root", _root, "--delay-ms", StepDelayMs.ToString());
        var logs = Path.Combine(_root, "execution", "logs");
        string? log = null;
        Assert.True(await WaitUntilAsync(() =>
        {
            log = Directory.Exists(logs) ? Directory.EnumerateFiles(logs, "hello-pipeline-*.log").SingleOrDefault() : null;
            return log is not null && Read(log).Contains(Line, StringComparison.Ordinal);
        }, process), "the step's line never reached the log file");
        var history = Directory.EnumerateFiles(Path.Combine(_root, "execution", "state"), "*.history.jsonl").Single();
        var stillRunning = !Read(history).Contains("\"kind\":\"StepCompleted\"", StringComparison.Ordinal);

        process.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flush
        await process.WaitForExitAsync();

        Assert.True(stillRunning, "the line was seen only after the step had completed");
        var records = Read(history);
        Assert.DoesNotContain("\"kind\":\"StepCompleted\"", records);
        Assert.Matches("\"kind\":\"LogWritten\",\"step\":1,.*\"message\":\"" + Line + "\"", records);
        Assert.Matches(@"^\[[^\]]+\] \[INFO\] \[hello-pipeline\] \[gather\] " + Line + "$", Read(log!).Split('\n').Single(l => l.Contains(Line, StringComparison.Ordinal)));
    }

    private static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (condition()) return true;
            if (process.HasExited) return condition();
            await Task.Delay(20);
        }
        return false;
    }
}

using System.Diagnostics;

namespace IrlExec.EndToEnd.Tests;

/// <summary>
/// A program of one's own that runs a workflow with <see cref="StopSignals"/> (HelloPipeline, a real child process):
/// SIGINT or SIGTERM during a long step pauses the execution (resumable) and the process exits on its own, its files
/// written; a resume completes it.
/// </summary>
public sealed class StopSignalTests : IDisposable
{
    // Far longer than the wait for the stopped process to exit: on a loaded machine the stop may take several seconds to
    // take effect, and only a step that ran to its end would tell a stop that did not work.
    private const int StepDelayMs = 180_000;
    private readonly string _root = Directory.CreateTempSubdirectory("irlexec-stop-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_stop_signal_during_a_step_pauses_the_execution_and_a_resume_completes_it(string signal)
    {
        using var process = SampleProcess.Start("HelloPipeline", "run", "--root", _root, "--delay-ms", StepDelayMs.ToString());
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var state = Path.Combine(_root, "execution", "state");
        Assert.True(await WaitUntilAsync(() => Directory.Exists(state)
            && Directory.EnumerateFiles(state, "*.history.jsonl").Any(h => Read(h).Contains("\"kind\":\"StepStarted\"", StringComparison.Ordinal))),
            "the first step never started");

        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)); // well before the step's 180 s
        await process.WaitForExitAsync(timeout.Token);

        var printed = await output + await errors;
        Assert.Contains("status:          PAUSED (cancelled)", printed);
        var history = Read(Directory.EnumerateFiles(state, "*.history.jsonl").Single());
        Assert.Contains("\"kind\":\"StepPaused\"", history);
        Assert.DoesNotContain("\"kind\":\"StepCompleted\"", history);
        var id = Path.GetFileName(Directory.EnumerateFiles(state, "*.history.jsonl").Single()).Replace(".history.jsonl", "", StringComparison.Ordinal);
        Assert.Contains($"-- resume {id} --root {_root}", printed);

        var resumed = await SampleProcess.RunToEndAsync("HelloPipeline", "resume", id, "--root", _root, "--delay-ms", "10");
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        Assert.Contains("status:          COMPLETED_SUCCESS", resumed.Output);
    }

    private static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (condition()) return true;
            await Task.Delay(20);
        }
        return false;
    }
}

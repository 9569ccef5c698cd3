using System.Diagnostics;

namespace IrlExec.EndToEnd.Tests;

/// <summary>
/// Ctrl-C (SIGINT) while a program of one's own (HelloPipeline, a real child process, <see cref="StopSignals"/>) begins a
/// run: whenever it lands, the program ends on its own, without an unhandled exception, and leaves either no execution
/// (it says nothing was recorded) or a PAUSED one (reason <c>cancelled</c>) that a resume completes.
/// </summary>
public sealed class StopAtTheStartTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("irlexec-stop-start-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("process started")]
    [InlineData("lease taken")]
    [InlineData("history begun")]
    public async Task A_stop_while_the_run_begins_leaves_no_execution_or_a_paused_one_and_no_unhandled_exception(string when)
    {
        // Steps far longer than the wait for the stopped process to exit, which a loaded machine may stretch to seconds.
        using var process = SampleProcess.Start("HelloPipeline", "run", "--root", _root, "--delay-ms", "180000");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var state = Path.Combine(_root, "execution", "state");
        var pattern = when switch
        {
            "lease taken" => "*.lock",
            "history begun" => "*.history.jsonl",
            _ => null,
        };
        if (pattern is not null) Assert.True(await WaitUntilAsync(() => Directory.Exists(state) && Directory.EnumerateFiles(state, pattern).Any()), $"never: {when}");

        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)); // well before the step's 180 s
        await process.WaitForExitAsync(timeout.Token);

        var printed = await output + await errors;
        Assert.DoesNotContain("Unhandled exception", printed);
        Assert.DoesNotContain("OperationCanceledException", printed);
        var histories = Directory.Exists(state) ? Directory.EnumerateFiles(state, "*.history.jsonl").Where(h => new FileInfo(h).Length > 0).ToList() : [];
        if (histories.Count == 0)
        {
            // Stopped before the first commit: said so (or, before the program listened, ended by the signal itself).
            Assert.True(process.ExitCode == 130 || (process.ExitCode == 1 && printed.Contains("stopped before the execution was created: nothing was recorded", StringComparison.Ordinal)),
                $"exit {process.ExitCode}: {printed}");
            return;
        }
        var history = Assert.Single(histories);
        var id = Path.GetFileName(history).Replace(".history.jsonl", "", StringComparison.Ordinal);
        Assert.Contains("status:          PAUSED (cancelled", printed);
        Assert.Contains($"-- resume {id} --root {_root}", printed);
        var resumed = await SampleProcess.RunToEndAsync("HelloPipeline", "resume", id, "--root", _root, "--delay-ms", "10");
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        Assert.Contains("status:          COMPLETED_SUCCESS", resumed.Output);
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (condition()) return true;
            await Task.Delay(1);
        }
        return false;
    }
}

namespace IrlExec.EndToEnd.Tests;

/// <summary>
/// The NightlyReport sample, declared only with attributes (its runner is generated), run as a real process:
/// simulation writes nothing outside the execution root; execution pauses for approval, resumes and publishes.
/// </summary>
public sealed class NightlyReportSampleTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "irlexec-nightly-" + Guid.NewGuid().ToString("N")[..12]);

    public NightlyReportSampleTests()
    {
        Directory.CreateDirectory(Path.Combine(_work, "data"));
        File.WriteAllText(Path.Combine(_work, "data", "tables.txt"), "orders 120\ncustomers 30\n");
    }

    private string Root => Path.Combine(_work, "root");

    private string Data => Path.Combine(_work, "data");

    private string Report => Path.Combine(Data, "reports", "2026-02-08.md");

    [Fact]
    public async Task Simulation_completes_without_publishing_the_report()
    {
        var (exitCode, output) = await SampleProcess.RunToEndAsync("NightlyReport", "simulate", "--root", Root, "--data", Data, "--day", "2026-02-08");

        Assert.True(exitCode == 0, output);
        Assert.Contains("status: COMPLETED_SUCCESS", output);
        Assert.Contains("mode: SIMULATION", output);
        Assert.False(File.Exists(Report));
    }

    [Fact]
    public async Task Execution_pauses_for_approval_then_resumes_and_publishes_the_report()
    {
        var (exitCode, output) = await SampleProcess.RunToEndAsync("NightlyReport", "run", "--root", Root, "--data", Data, "--day", "2026-02-08");
        Assert.True(exitCode == 0, output);
        Assert.Contains("status: PAUSED (waiting for approval", output);
        Assert.False(File.Exists(Report));
        var executionId = output.Split('\n').Single(l => l.StartsWith("execution: ", StringComparison.Ordinal))["execution: ".Length..].Trim();

        var resumed = await SampleProcess.RunToEndAsync("NightlyReport", "resume", executionId, "--root", Root, "--approve");

        Assert.True(resumed.ExitCode == 0, resumed.Output);
        Assert.Contains("status: COMPLETED_SUCCESS", resumed.Output);
        Assert.Equal("# Nightly report 2026-02-08\n\n- orders: 120\n- customers: 30\n- total: 150\n", File.ReadAllText(Report).Replace("\r\n", "\n"));
        Assert.True(File.Exists(Path.Combine(Root, "execution", "state", executionId + ".history.jsonl")));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a unique temp folder left behind is harmless.
        }
    }
}

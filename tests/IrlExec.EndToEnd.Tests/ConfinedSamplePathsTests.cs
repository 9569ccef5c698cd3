namespace IrlExec.EndToEnd.Tests;

/// <summary>
/// The samples build file paths from input with ConfinedPath: an input that climbs out with <c>..</c> is refused by the
/// step (no retry), and nothing is written outside the folder, run as real processes.
/// </summary>
public sealed class ConfinedSamplePathsTests : IDisposable
{
    private readonly string _base = Directory.CreateTempSubdirectory("irlexec-confined-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_base, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task HelloPipeline_refuses_an_audience_that_climbs_out_of_the_root()
    {
        var root = Path.Combine(_base, "root");

        var (exitCode, output) = await SampleProcess.RunToEndAsync("HelloPipeline", "run", "--root", root, "--audience", "../../hello-escaped", "--delay-ms", "0");

        Assert.True(exitCode != 0, output);
        Assert.Contains("'workspace/../../hello-escaped-greeting.txt' is refused", output, StringComparison.Ordinal);
        Assert.Equal(["root"], Directory.EnumerateFileSystemEntries(_base).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFiles(root, "*greeting.txt", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task HelloPipeline_still_writes_an_ordinary_audience_under_the_workspace()
    {
        var root = Path.Combine(_base, "root");

        var (exitCode, output) = await SampleProcess.RunToEndAsync("HelloPipeline", "run", "--root", root, "--audience", "team/ops", "--delay-ms", "0");

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(Path.Combine(root, "workspace", "team", "ops-greeting.txt")), output);
    }

    [Fact]
    public async Task NightlyReport_refuses_a_day_that_climbs_out_of_the_reports_folder()
    {
        var data = Path.Combine(_base, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "tables.txt"), "orders 12\ncustomers 3\n");

        var (exitCode, output) = await SampleProcess.RunToEndAsync("NightlyReport", "run", "--root", Path.Combine(_base, "root"), "--data", data, "--day", "../../escaped", "--approve");

        // The sample exits 0 for a paused execution too: the status line says what happened.
        Assert.True(exitCode == 0, output);
        Assert.Contains("status: PAUSED (step 3 (publish) failed: ", output, StringComparison.Ordinal);
        Assert.Contains("'../../escaped.md' is refused", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_base, "escaped.md")), output);
        Assert.Equal(["data", "root"], Directory.EnumerateFileSystemEntries(_base).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}

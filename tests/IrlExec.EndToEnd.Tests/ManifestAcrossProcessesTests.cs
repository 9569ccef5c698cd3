namespace IrlExec.EndToEnd.Tests;

/// <summary>
/// Several processes finishing executions under one root at the same time: the manifest's lock is a file lock shared by
/// processes, so no row is lost and the rest of the README is left as it was.
/// </summary>
public sealed class ManifestAcrossProcessesTests : IDisposable
{
    private const int Processes = 6;
    private readonly string _root = Directory.CreateTempSubdirectory("irlexec-manifest-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task Parallel_processes_each_leave_their_row_in_the_seed_manifest()
    {
        var layout = new ExecutionLayout(_root);
        Directory.CreateDirectory(layout.ExecutionDirectory);
        File.WriteAllText(layout.ManifestFile, ExecutionManifest.Template);

        var runs = await Task.WhenAll(Enumerable.Range(0, Processes).Select(i =>
            SampleProcess.RunToEndAsync("HelloPipeline", "run", "--root", _root, "--audience", "process" + i, "--delay-ms", "20")));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
        var tables = ExecutionManifest.Read(layout.ManifestFile);
        Assert.Empty(tables.Active);
        Assert.Equal(Processes, tables.Completed.Count);
        Assert.Equal(Processes, tables.Completed.Select(r => r.File).Distinct().Count());
        Assert.All(tables.Completed, r => Assert.Equal(ExecutionManifest.Complete, r.Status));
        var readme = File.ReadAllText(layout.ManifestFile);
        var rows = string.Concat(readme.Split('\n').Where(l => l.StartsWith("| hello-pipeline |", StringComparison.Ordinal) && l.Contains("results/", StringComparison.Ordinal)).Select(l => l + "\n"));
        // Every run counted once in the State Snapshots, whichever process finished it; the rest of the README as it was.
        Assert.True(SnapshotBlock(readme).Contains("| hello-pipeline | 6 | 0 | 100% (6 of 6) |", StringComparison.Ordinal), SnapshotBlock(readme));
        var expected = ExecutionManifest.Template.Replace("| _(none yet)_ | - | - | - | - |\n", rows, StringComparison.Ordinal);
        Assert.Equal(expected.Replace(SnapshotBlock(expected), "", StringComparison.Ordinal), readme.Replace(SnapshotBlock(readme), "", StringComparison.Ordinal));
    }

    private static string SnapshotBlock(string readme)
    {
        var begin = readme.IndexOf("<!-- irlexec:snapshot:begin", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- irlexec:snapshot:end", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, readme);
        return readme[begin..end];
    }
}

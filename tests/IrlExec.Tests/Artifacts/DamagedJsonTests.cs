using IrlExec.Tests.Support;
using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

/// <summary>Truncated or garbled JSON files written by a real run give an error naming the file and the line.</summary>
public class DamagedJsonTests
{
    private static async Task<(TempRoot Root, ExecutionResult Result)> Run()
    {
        var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(Incidents(), Integration());
        return (root, result);
    }

    private static int Truncate(string path)
    {
        var lines = File.ReadAllLines(path);
        var keep = lines.Length / 2;
        File.WriteAllText(path, string.Join('\n', lines.Take(keep)));
        return keep;
    }

    [Fact]
    public async Task A_truncated_snapshot_names_the_file_and_the_line_where_it_ends()
    {
        var (root, result) = await Run();
        using var _ = root;
        var path = root.Layout.SnapshotFile(result.ExecutionId);
        var lines = Truncate(path);

        var error = Assert.Throws<ExecutionDataException>(() => SnapshotWriter.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(lines, error.Line);
        Assert.Contains("not a valid execution state snapshot", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbled_result_file_names_the_garbled_line()
    {
        var (root, result) = await Run();
        using var _ = root;
        var path = root.Layout.ResultFile("incident-approval", result.State.RunLabel);
        var lines = File.ReadAllLines(path);
        lines[3] = "  \"status\": COMPLETED_SUCCESS,";
        File.WriteAllLines(path, lines);

        var error = Assert.Throws<ExecutionDataException>(() => ResultWriter.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public async Task A_damaged_snapshot_stops_the_manifest_refresh_with_its_name_and_changes_nothing()
    {
        var (root, result) = await Run();
        using var _ = root;
        File.Delete(root.Layout.HistoryFile(result.ExecutionId));
        var path = root.Layout.SnapshotFile(result.ExecutionId);
        File.WriteAllText(path, "{\"execution_id\": ");
        var manifest = File.ReadAllBytes(root.Layout.ManifestFile);

        var error = Assert.Throws<ExecutionDataException>(() => ExecutionManifest.Refresh(root.Layout));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(1, error.Line);
        Assert.Equal(manifest, File.ReadAllBytes(root.Layout.ManifestFile));
    }
}

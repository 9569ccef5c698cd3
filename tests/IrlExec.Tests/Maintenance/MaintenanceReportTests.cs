using System.Text.Json;

namespace IrlExec.Tests.Maintenance;

public sealed class MaintenanceReportTests : IDisposable
{
    private readonly TempExecutionRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Report_json_lists_each_file_with_its_action_in_snake_case()
    {
        _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 73);
        _root.Write("logs/deploy-2026-03-10-001.log", daysOld: 5);

        var json = _root.Maintenance().ArchiveLogs(dryRun: true).ToJson();

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("ArchiveLogs", root.GetProperty("operation").GetString());
        Assert.True(root.GetProperty("dry_run").GetBoolean());
        Assert.True(root.GetProperty("succeeded").GetBoolean());
        Assert.Equal("2026-02-13T12:00:00+00:00", root.GetProperty("cutoff").GetString());
        var files = root.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal("logs/deploy-2026-01-01-001.log", files[0].GetProperty("path").GetString());
        Assert.Equal("Archived", files[0].GetProperty("action").GetString());
        Assert.Equal("archive/2026-03/deploy-2026-01-01-001.log.gz", files[0].GetProperty("destination").GetString());
        Assert.Equal("Kept", files[1].GetProperty("action").GetString());
        Assert.False(root.TryGetProperty("archived", out _));
    }
}

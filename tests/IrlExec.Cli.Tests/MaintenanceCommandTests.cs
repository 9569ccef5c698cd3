using System.Formats.Tar;
using System.IO.Compression;
using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>archive, clean, backup and restore through the CLI on a root written by real runs.</summary>
public sealed class MaintenanceCommandTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static void Age(string file, int days) => File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-days));

    private async Task<(string Finished, string FinishedLog, string PausedLog)> TwoRunsAsync()
    {
        var finished = await Samples.CompletedDeployAsync(_root);
        var paused = await Samples.StartPausedDeployAsync(_root, version: "5.0.0");
        return (finished, _root.Layout.LogFile(ReadRunLabel(finished)), _root.Layout.LogFile(ReadRunLabel(paused)));
    }

    private string ReadRunLabel(string id) => SnapshotWriter.Read(_root.Layout.SnapshotFile(id)).RunLabel;

    [Fact]
    public async Task Archive_compresses_old_logs_and_leaves_the_active_executions_log()
    {
        var (_, finishedLog, pausedLog) = await TwoRunsAsync();
        var original = File.ReadAllBytes(finishedLog);
        Age(finishedLog, 40);
        Age(pausedLog, 40);

        var result = await Irlexec.RunAsync("archive", "--root", _root.Path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.False(File.Exists(finishedLog));
        Assert.True(File.Exists(pausedLog));
        var archived = Path.Combine(_root.Layout.ArchiveDirectory, DateTime.UtcNow.ToString("yyyy-MM"), Path.GetFileName(finishedLog) + ".gz");
        using var gzip = new GZipStream(File.OpenRead(archived), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        Assert.Equal(original, bytes.ToArray());
        Assert.Contains("Skipped", result.Out);
        Assert.Contains("is active (PAUSED)", result.Out);
    }

    [Fact]
    public async Task Archive_dry_run_json_reports_and_changes_nothing()
    {
        var (_, finishedLog, _) = await TwoRunsAsync();
        Age(finishedLog, 31);

        var result = await Irlexec.RunAsync("archive", "--root", _root.Path, "--dry-run", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var json = result.Json();
        Assert.True(json.GetProperty("dry_run").GetBoolean());
        var entry = json.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "logs/" + Path.GetFileName(finishedLog));
        Assert.Equal("Archived", entry.GetProperty("action").GetString());
        Assert.True(File.Exists(finishedLog));
    }

    [Fact]
    public async Task Clean_deletes_results_older_than_the_given_days_only()
    {
        var (finished, _, _) = await TwoRunsAsync();
        var result = Directory.GetFiles(_root.Layout.ResultsDirectory).Single();
        var recent = Path.Combine(_root.Layout.ResultsDirectory, "incident-approvals-2026-02-08.json");
        File.WriteAllText(recent, """{"approved": 8}""");
        Age(result, 10);
        Age(recent, 2);

        var cleaned = await Irlexec.RunAsync("clean", "--root", _root.Path, "--older-than", "7");

        Assert.Equal(ExitCodes.Ok, cleaned.ExitCode);
        Assert.False(File.Exists(result));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(_root.Layout.HistoryFile(finished)));
    }

    [Fact]
    public async Task Backup_then_restore_gives_back_the_same_files()
    {
        await TwoRunsAsync();
        var archive = _root["backup.tar.gz"];

        var backup = await Irlexec.RunAsync("backup", "--root", _root.Path, "--output", archive, "--json");
        using var restored = new TempRoot();
        var restore = await Irlexec.RunAsync("restore", archive, "--root", restored.Path);

        Assert.Equal(ExitCodes.Ok, backup.ExitCode);
        Assert.Equal(archive, backup.Json().GetProperty("backup_file").GetString());
        Assert.Equal(ExitCodes.Ok, restore.ExitCode);
        var originals = Directory.GetFiles(_root.Layout.ExecutionDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(_root.Layout.ExecutionDirectory, f), File.ReadAllBytes);
        var copies = Directory.GetFiles(restored.Layout.ExecutionDirectory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(restored.Layout.ExecutionDirectory, f), File.ReadAllBytes);
        Assert.Equal(originals.Keys.Order(), copies.Keys.Order());
        Assert.All(originals, pair => Assert.Equal(pair.Value, copies[pair.Key]));
    }

    [Fact]
    public async Task Backup_default_name_is_execution_backup_with_the_date_next_to_execution()
    {
        await TwoRunsAsync();

        var result = await Irlexec.RunAsync("backup", "--root", _root.Path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var expected = _root[$"execution-backup-{DateTime.UtcNow:yyyy-MM-dd}.tar.gz"];
        Assert.Contains("archive: " + expected, result.Out);
        using var reader = new TarReader(new GZipStream(File.OpenRead(expected), CompressionMode.Decompress));
        Assert.StartsWith("execution/", reader.GetNextEntry()!.Name);
    }

    [Fact]
    public async Task Negative_age_is_a_usage_error()
    {
        await TwoRunsAsync();

        var result = await Irlexec.RunAsync("clean", "--root", _root.Path, "--older-than", "-1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }
}

using System.Formats.Tar;
using System.IO.Compression;

namespace IrlExec.Tests.Maintenance;

public sealed class BackupTests : IDisposable
{
    private readonly TempExecutionRoot _root = new();

    public void Dispose() => _root.Dispose();

    private void WriteTypicalTree()
    {
        _root.Write("README.md", daysOld: 1, "# Execution Manifest\n\n## Active Workflows\n"u8.ToArray());
        _root.Write("logs/deploy-2026-03-14-001.log", daysOld: 1);
        _root.Write("logs/deploy-2026-03-14-002.log", daysOld: 0.5, new byte[70_000]);
        _root.WriteResult("results/deploy-results-2026-03-14-001.json", "20260314-a", daysOld: 1);
        _root.Write("state/20260314-a.history.jsonl", daysOld: 1, "{\"seq\":1}\n{\"seq\":2}\n"u8.ToArray());
        _root.Write("state/20260314-a.md", daysOld: 1, "# Execution State\n\u00e9\u4e2d\n"u8.ToArray());
        _root.Write("archive/2026-02/deploy-2026-01-01-001.log.gz", daysOld: 20, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        _root.Write("state/empty.json", daysOld: 3, []);
        _root.WriteActive(("20260314-b", "deploy", "logs/deploy-2026-03-14-002.log"));
        Directory.CreateDirectory(_root.PathOf("archive/2026-03"));
    }

    [Fact]
    public void Backup_restores_to_an_identical_tree()
    {
        WriteTypicalTree();
        var before = TempExecutionRoot.Snapshot(_root.Layout.ExecutionDirectory);
        var report = _root.Maintenance().Backup();
        var restoreRoot = Path.Combine(_root.Root, "restored");

        var restored = ExecutionMaintenance.ExtractBackup(report.BackupFile!, restoreRoot);

        TempExecutionRoot.Snapshot(Path.Combine(restoreRoot, "execution")).AssertSameAs(before);
        Assert.Equal(report.BackedUp.Select(f => f.Path), restored.Restored.Select(f => f.Path));
        Assert.Equal(before.Files.Keys, report.BackedUp.Select(f => f.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Backup_is_written_next_to_execution_named_for_the_clocks_date()
    {
        WriteTypicalTree();
        _root.Clock.Now = new DateTimeOffset(2026, 4, 30, 23, 59, 0, TimeSpan.Zero);

        var report = _root.Maintenance().Backup();

        Assert.Equal(Path.Combine(_root.Root, "execution-backup-2026-04-30.tar.gz"), report.BackupFile);
        Assert.True(File.Exists(report.BackupFile));
        Assert.Empty(Directory.EnumerateFiles(_root.Root, "*.tmp"));
    }

    [Fact]
    public void Every_backup_entry_is_a_relative_path_under_execution()
    {
        WriteTypicalTree();

        var report = _root.Maintenance().Backup();

        var names = EntryNames(report.BackupFile!);
        Assert.Contains("execution/", names);
        Assert.Contains("execution/logs/deploy-2026-03-14-001.log", names);
        Assert.Contains("execution/archive/2026-03/", names);
        Assert.All(names, n => Assert.StartsWith("execution/", n));
    }

    [Fact]
    public void Backup_written_inside_execution_does_not_contain_itself()
    {
        WriteTypicalTree();
        var destination = _root.PathOf("backups/today.tar.gz");
        _root.Write("backups/today.tar.gz", daysOld: 1, "previous backup"u8.ToArray());

        var report = _root.Maintenance().Backup(destinationPath: destination);

        Assert.DoesNotContain("execution/backups/today.tar.gz", EntryNames(destination));
        Assert.Equal("the backup itself", report.Skipped.Single(f => f.Path == "backups/today.tar.gz").Reason);
    }

    [Fact]
    public void Lock_and_temporary_files_are_left_out_of_the_backup_and_reported_as_skipped()
    {
        WriteTypicalTree();
        _root.Write("state/20260314-a.lock", daysOld: 0, []);
        _root.Write("results/.deploy-results-x.json.0123456789ab.tmp", daysOld: 0);

        var report = _root.Maintenance().Backup();

        var names = EntryNames(report.BackupFile!);
        Assert.DoesNotContain("execution/state/20260314-a.lock", names);
        Assert.DoesNotContain("execution/results/.deploy-results-x.json.0123456789ab.tmp", names);
        Assert.Equal(["results/.deploy-results-x.json.0123456789ab.tmp", "state/20260314-a.lock"], report.Skipped.Select(f => f.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dry_run_lists_the_files_but_writes_no_backup()
    {
        WriteTypicalTree();
        var before = TempExecutionRoot.Snapshot(_root.Root);

        var report = _root.Maintenance().Backup(dryRun: true);

        Assert.Contains("state/20260314-a.history.jsonl", report.BackedUp.Select(f => f.Path));
        Assert.False(File.Exists(report.BackupFile));
        TempExecutionRoot.Snapshot(_root.Root).AssertSameAs(before);
    }

    [Fact]
    public void A_file_that_cannot_be_read_fails_the_backup_and_leaves_the_previous_backup_as_it_was()
    {
        WriteTypicalTree();
        var maintenance = _root.Maintenance();
        var previous = maintenance.DefaultBackupPath();
        File.WriteAllBytes(previous, "yesterday's backup"u8.ToArray());
        var locked = _root.PathOf("state/20260314-a.history.jsonl");

        using (new FileStream(locked, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var error = Assert.Throws<WorkflowException>(() => maintenance.Backup());
            Assert.Contains(locked, error.Message);
        }

        Assert.Equal("yesterday's backup"u8.ToArray(), File.ReadAllBytes(previous));
        Assert.Empty(Directory.EnumerateFiles(_root.Root, "*.tmp"));
    }

    [Fact]
    public void Restore_refuses_a_destination_that_already_has_an_execution_folder()
    {
        WriteTypicalTree();
        var report = _root.Maintenance().Backup();
        var readme = File.ReadAllBytes(_root.Layout.ManifestFile);

        var error = Assert.Throws<WorkflowException>(() => ExecutionMaintenance.ExtractBackup(report.BackupFile!, _root.Root));

        Assert.Contains(_root.Layout.ExecutionDirectory, error.Message);
        Assert.Equal(readme, File.ReadAllBytes(_root.Layout.ManifestFile));
    }

    [Fact]
    public void Restore_refuses_an_entry_that_escapes_execution_and_writes_nothing()
    {
        var archive = Path.Combine(_root.Root, "evil.tar.gz");
        using (var file = File.Create(archive))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "execution/README.md") { DataStream = new MemoryStream("ok"u8.ToArray()) });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "execution/../evil.txt") { DataStream = new MemoryStream("evil"u8.ToArray()) });
        }
        var destination = Path.Combine(_root.Root, "restore-here");

        var error = Assert.Throws<ExecutionDataException>(() => ExecutionMaintenance.ExtractBackup(archive, destination));

        Assert.Contains("execution/../evil.txt", error.Message);
        Assert.False(File.Exists(Path.Combine(_root.Root, "evil.txt")));
        Assert.False(File.Exists(Path.Combine(destination, "evil.txt")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(destination));
    }

    [Fact]
    public void Restore_of_a_truncated_backup_fails_and_leaves_no_execution_folder()
    {
        WriteTypicalTree();
        var report = _root.Maintenance().Backup();
        var bytes = File.ReadAllBytes(report.BackupFile!);
        var truncated = Path.Combine(_root.Root, "truncated.tar.gz");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var destination = Path.Combine(_root.Root, "restore-here");

        var error = Assert.Throws<ExecutionDataException>(() => ExecutionMaintenance.ExtractBackup(truncated, destination));

        Assert.Equal(truncated, error.FilePath);

        Assert.False(Directory.Exists(Path.Combine(destination, "execution")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(destination));
    }

    private static List<string> EntryNames(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry) names.Add(entry.Name);
        return names;
    }
}

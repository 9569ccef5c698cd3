using System.IO.Compression;

namespace IrlExec.Tests.Maintenance;

public sealed class ArchiveLogsTests : IDisposable
{
    private readonly TempExecutionRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Archives_exactly_the_logs_last_written_more_than_30_days_ago()
    {
        _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 73);
        _root.Write("logs/deploy-2026-02-12-001.log", daysOld: 30.01);
        _root.Write("logs/deploy-2026-02-13-001.log", daysOld: 30);
        _root.Write("logs/deploy-2026-03-10-001.log", daysOld: 5);

        var report = _root.Maintenance().ArchiveLogs();

        Assert.Equal(["logs/deploy-2026-01-01-001.log", "logs/deploy-2026-02-12-001.log"], report.Archived.Select(f => f.Path));
        Assert.Equal(["logs/deploy-2026-02-13-001.log", "logs/deploy-2026-03-10-001.log"], report.Kept.Select(f => f.Path));
        Assert.Equal(
            ["archive/2026-03/deploy-2026-01-01-001.log.gz", "archive/2026-03/deploy-2026-02-12-001.log.gz",
             "logs/deploy-2026-02-13-001.log", "logs/deploy-2026-03-10-001.log"],
            TempExecutionRoot.Snapshot(_root.Layout.ExecutionDirectory).Files.Keys.Where(k => k != ".maintenance.lock"));
        Assert.True(report.Succeeded);
    }

    [Fact]
    public void Archived_log_decompresses_to_the_original_bytes()
    {
        var original = new byte[200_000];
        new Random(42).NextBytes(original);
        _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 60, original);

        var report = _root.Maintenance().ArchiveLogs();

        using var archive = File.OpenRead(_root.PathOf(report.Archived.Single().Destination!));
        using var gzip = new GZipStream(archive, CompressionMode.Decompress);
        using var decompressed = new MemoryStream();
        gzip.CopyTo(decompressed);
        Assert.Equal(original, decompressed.ToArray());
    }

    [Fact]
    public void Archive_keeps_the_last_write_time_of_the_log()
    {
        var log = _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 60);
        var lastWrite = File.GetLastWriteTimeUtc(log);

        var report = _root.Maintenance().ArchiveLogs();

        Assert.Equal(lastWrite, File.GetLastWriteTimeUtc(_root.PathOf(report.Archived.Single().Destination!)));
    }

    [Fact]
    public void Archive_folder_is_the_clocks_current_month_not_the_logs_month()
    {
        _root.Clock.Now = new DateTimeOffset(2027, 11, 2, 0, 0, 0, TimeSpan.Zero);
        _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 60);

        var report = _root.Maintenance().ArchiveLogs();

        Assert.Equal("archive/2027-11/deploy-2026-01-01-001.log.gz", report.Archived.Single().Destination);
        Assert.True(File.Exists(_root.PathOf("archive/2027-11/deploy-2026-01-01-001.log.gz")));
    }

    [Fact]
    public void Age_limit_comes_from_the_options()
    {
        _root.Write("logs/a-2026-03-01-001.log", daysOld: 8);
        _root.Write("logs/a-2026-03-10-001.log", daysOld: 6);

        var report = _root.Maintenance(new MaintenanceOptions { LogArchiveAge = TimeSpan.FromDays(7) }).ArchiveLogs();

        Assert.Equal(["logs/a-2026-03-01-001.log"], report.Archived.Select(f => f.Path));
        Assert.Equal(["logs/a-2026-03-10-001.log"], report.Kept.Select(f => f.Path));
    }

    [Fact]
    public void Log_of_an_active_execution_is_skipped_and_left_untouched()
    {
        var log = _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 73);
        _root.Write("logs/deploy-2026-01-02-001.log", daysOld: 72);
        _root.WriteActive(("20260101-abc", "deploy", "logs/deploy-2026-01-01-001.log"));
        var before = File.ReadAllBytes(log);
        var lastWrite = File.GetLastWriteTimeUtc(log);

        var report = _root.Maintenance().ArchiveLogs();

        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("logs/deploy-2026-01-01-001.log", skipped.Path);
        Assert.Equal("20260101-abc", skipped.ExecutionId);
        Assert.Equal(["logs/deploy-2026-01-02-001.log"], report.Archived.Select(f => f.Path));
        Assert.Equal(before, File.ReadAllBytes(log));
        Assert.Equal(lastWrite, File.GetLastWriteTimeUtc(log));
        Assert.False(File.Exists(_root.PathOf("archive/2026-03/deploy-2026-01-01-001.log.gz")));
    }

    [Fact]
    public void Dry_run_reports_the_archives_but_changes_nothing()
    {
        _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 73);
        _root.Write("logs/deploy-2026-03-10-001.log", daysOld: 5);
        var before = TempExecutionRoot.Snapshot(_root.Root);

        var report = _root.Maintenance().ArchiveLogs(dryRun: true);

        Assert.True(report.DryRun);
        Assert.Equal("archive/2026-03/deploy-2026-01-01-001.log.gz", Assert.Single(report.Archived).Destination);
        TempExecutionRoot.Snapshot(_root.Root).AssertSameAs(before);
    }

    [Fact]
    public void Failure_while_compressing_keeps_the_log_and_leaves_no_archive()
    {
        var original = new byte[300_000];
        new Random(7).NextBytes(original);
        var log = _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 73, original);
        var maintenance = _root.Maintenance();
        maintenance.CreateCompressor = destination => new FailingStream(new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true), failAfterBytes: 100_000);

        var report = maintenance.ArchiveLogs();

        var failed = Assert.Single(report.Failed);
        Assert.Equal("logs/deploy-2026-01-01-001.log", failed.Path);
        Assert.Contains("disk full (simulated)", failed.Reason);
        Assert.False(report.Succeeded);
        Assert.Equal(original, File.ReadAllBytes(log));
        Assert.Empty(Directory.EnumerateFiles(_root.Layout.ArchiveDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_existing_archive_with_other_content_is_not_overwritten()
    {
        var existing = _root.Write("archive/2026-03/deploy-2026-01-01-001.log.gz", daysOld: 1, Gzip("an older log of the same name\n"u8.ToArray()));
        var existingBytes = File.ReadAllBytes(existing);
        _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 73);

        var report = _root.Maintenance().ArchiveLogs();

        Assert.Equal("archive/2026-03/deploy-2026-01-01-001.2.log.gz", Assert.Single(report.Archived).Destination);
        Assert.Equal(existingBytes, File.ReadAllBytes(existing));
    }

    [Fact]
    public void A_log_already_archived_identically_is_removed_without_writing_again()
    {
        var contents = "[2026-01-01T00:00:00Z] [INFO] [deploy] [1] started\n"u8.ToArray();
        var existing = _root.Write("archive/2026-03/deploy-2026-01-01-001.log.gz", daysOld: 1, Gzip(contents));
        var existingLastWrite = File.GetLastWriteTimeUtc(existing);
        var log = _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 73, contents);

        var report = _root.Maintenance().ArchiveLogs();

        Assert.Equal("archive/2026-03/deploy-2026-01-01-001.log.gz", Assert.Single(report.Archived).Destination);
        Assert.False(File.Exists(log));
        Assert.Equal(existingLastWrite, File.GetLastWriteTimeUtc(existing));
        Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(existing)!));
    }

    [Fact]
    public void Files_in_logs_that_are_not_logs_are_ignored()
    {
        var notes = _root.Write("logs/notes.txt", daysOld: 100);

        var report = _root.Maintenance().ArchiveLogs();

        Assert.Empty(report.Files);
        Assert.True(File.Exists(notes));
    }

    [Fact]
    public void A_damaged_active_list_does_not_stop_archiving_what_is_active_comes_from_the_histories()
    {
        var log = _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 73);
        var activeLog = _root.Write("logs/deploy-2026-01-02-001.log", daysOld: 72);
        _root.WriteActive(("exec_paused", "deploy", "logs/deploy-2026-01-02-001.log"));
        _root.Write("active/workflows.json", daysOld: 0, "{ \"workflows\": [ {"u8.ToArray());

        var report = _root.Maintenance().ArchiveLogs();

        Assert.Equal(["logs/deploy-2026-01-01-001.log"], report.Archived.Select(f => f.Path));
        Assert.Equal("exec_paused", Assert.Single(report.Skipped).ExecutionId);
        Assert.False(File.Exists(log));
        Assert.True(File.Exists(activeLog));
    }

    [Fact]
    public void A_finished_execution_the_active_list_still_names_is_not_active()
    {
        var log = _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 73);
        _root.WriteFinished("exec_done", "deploy", "logs/deploy-2026-01-01-001.log");
        _root.WriteActiveList(("exec_done", "deploy", "logs/deploy-2026-01-01-001.log"));

        var report = _root.Maintenance().ArchiveLogs();

        Assert.Equal(["logs/deploy-2026-01-01-001.log"], report.Archived.Select(f => f.Path));
        Assert.False(File.Exists(log));
    }

    [Fact]
    public void The_log_of_an_execution_whose_history_is_damaged_is_kept_it_may_not_have_finished()
    {
        var log = _root.Write("logs/deploy-2026-01-01-001.log", daysOld: 73);
        _root.WriteFinished("exec_damaged", "deploy", "logs/deploy-2026-01-01-001.log");
        var history = _root.Layout.HistoryFile("exec_damaged");
        var lines = File.ReadAllLines(history);
        File.WriteAllLines(history, [lines[0], lines[1], lines[2].Replace("COMPLETED_SUCCESS", "COMPLETED_SUCCESZ")]);

        var report = _root.Maintenance().ArchiveLogs();

        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("exec_damaged", skipped.ExecutionId);
        Assert.Contains("its history cannot be read", skipped.Reason);
        Assert.True(File.Exists(log));
    }

    [Fact]
    public void A_missing_root_is_a_DirectoryNotFoundException_naming_it()
    {
        var missing = Path.Combine(_root.Root, "does-not-exist");

        var error = Assert.Throws<DirectoryNotFoundException>(() => new ExecutionMaintenance(missing, timeProvider: _root.Clock).ArchiveLogs());

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void A_root_without_an_execution_folder_is_a_DirectoryNotFoundException_naming_it()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root.Root, "empty")).FullName;

        var error = Assert.Throws<DirectoryNotFoundException>(() => new ExecutionMaintenance(empty, timeProvider: _root.Clock).ArchiveLogs());

        Assert.Contains(Path.Combine(empty, "execution"), error.Message);
    }

    private static byte[] Gzip(byte[] contents)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(contents);
        return buffer.ToArray();
    }

    /// <summary>Passes writes through until <c>failAfterBytes</c>, then fails like a full disk.</summary>
    private sealed class FailingStream(Stream inner, long failAfterBytes) : Stream
    {
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_written + count > failAfterBytes) throw new IOException("disk full (simulated)");
            inner.Write(buffer, offset, count);
            _written += count;
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

namespace IrlExec.Tests.Maintenance;

public sealed class CleanResultsTests : IDisposable
{
    private readonly TempExecutionRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Deletes_exactly_the_results_last_written_more_than_90_days_ago()
    {
        _root.WriteResult("results/deploy-results-2025-10-01-001.json", "e1", daysOld: 165);
        _root.WriteResult("results/deploy-results-2025-12-15-001.json", "e2", daysOld: 90.01);
        _root.WriteResult("results/deploy-results-2025-12-16-001.json", "e3", daysOld: 90);
        _root.WriteResult("results/deploy-results-2026-03-01-001.json", "e4", daysOld: 14);

        var report = _root.Maintenance().CleanResults();

        Assert.Equal(["results/deploy-results-2025-10-01-001.json", "results/deploy-results-2025-12-15-001.json"], report.Deleted.Select(f => f.Path));
        Assert.Equal(["results/deploy-results-2025-12-16-001.json", "results/deploy-results-2026-03-01-001.json"], report.Kept.Select(f => f.Path));
        Assert.Equal(
            ["deploy-results-2025-12-16-001.json", "deploy-results-2026-03-01-001.json"],
            Directory.EnumerateFiles(_root.Layout.ResultsDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Retention_comes_from_the_options()
    {
        _root.WriteResult("results/a-results-2026-03-01-001.json", "e1", daysOld: 2);
        _root.WriteResult("results/a-results-2026-03-14-001.json", "e2", daysOld: 0.5);

        var report = _root.Maintenance(new MaintenanceOptions { ResultRetention = TimeSpan.FromDays(1) }).CleanResults();

        Assert.Equal(["results/a-results-2026-03-01-001.json"], report.Deleted.Select(f => f.Path));
    }

    [Fact]
    public void Result_named_after_an_active_executions_log_is_skipped_and_left_untouched()
    {
        var result = _root.WriteResult("results/deploy-results-2025-10-01-001.json", "other-id", daysOld: 165);
        var before = File.ReadAllBytes(result);
        _root.WriteActive(("20251001-abc", "deploy", "logs/deploy-2025-10-01-001.log"));

        var report = _root.Maintenance().CleanResults();

        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("20251001-abc", skipped.ExecutionId);
        Assert.Empty(report.Deleted);
        Assert.Equal(before, File.ReadAllBytes(result));
    }

    [Fact]
    public void Result_holding_an_active_execution_id_is_skipped_whatever_its_name()
    {
        var result = _root.WriteResult("results/renamed-by-hand.json", "20251001-abc", daysOld: 165);
        _root.WriteResult("results/deploy-results-2025-09-01-001.json", "20250901-old", daysOld: 195);
        _root.WriteActive(("20251001-abc", "deploy", "logs/deploy-2025-10-01-001.log"));

        var report = _root.Maintenance().CleanResults();

        Assert.Equal(["results/renamed-by-hand.json"], report.Skipped.Select(f => f.Path));
        Assert.Equal(["results/deploy-results-2025-09-01-001.json"], report.Deleted.Select(f => f.Path));
        Assert.True(File.Exists(result));
    }

    [Fact]
    public void Dry_run_reports_the_deletions_but_deletes_nothing()
    {
        _root.WriteResult("results/deploy-results-2025-10-01-001.json", "e1", daysOld: 165);
        var before = TempExecutionRoot.Snapshot(_root.Root);

        var report = _root.Maintenance().CleanResults(dryRun: true);

        Assert.Equal(["results/deploy-results-2025-10-01-001.json"], report.Deleted.Select(f => f.Path));
        TempExecutionRoot.Snapshot(_root.Root).AssertSameAs(before);
    }

    [Fact]
    public void Old_histories_and_snapshots_in_state_are_not_deleted()
    {
        var history = _root.Write("state/20251001-abc.history.jsonl", daysOld: 400);
        var snapshot = _root.Write("state/20251001-abc.json", daysOld: 400);

        _root.Maintenance().CleanResults();

        Assert.True(File.Exists(history));
        Assert.True(File.Exists(snapshot));
    }
}

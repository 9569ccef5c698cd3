using IrlExec.Tests.Support;

namespace IrlExec.Tests.Maintenance;

/// <summary>
/// Maintenance and <c>execution/signals/&lt;id&gt;/</c> (signals posted and not yet recorded): backed up and restored
/// deliverable, never touched while their execution can still run, and cleaned once it is finished.
/// </summary>
public sealed class SignalMaintenanceTests : IDisposable
{
    private readonly TempExecutionRoot _root = new();

    public void Dispose() => _root.Dispose();

    // One step that takes "approval". With the variable "late", the signal arrives while the step runs (its runner holds
    // the execution: the signal is queued) after the step's only look at it, so the execution finishes with it never
    // delivered. Without it, the step waits for the signal.
    private static WorkflowDefinition Approval(WorkflowRunner runner) => TestWorkflow.Create("approve",
        StepSpec.Sync("approve", (c, o) =>
        {
            if (c.Variables.Contains("late"))
            {
                Assert.Equal(SignalDelivery.Queued, runner.SignalAsync(c.ExecutionId, "approval", "\"too late\"").GetAwaiter().GetResult());
                return;
            }
            if (c.WaitForSignal("approval")) return;
            Assert.True(c.TryGetSignal("approval", JsonTypes.String, out var by));
            o["approved_by"] = by;
        }) with { Signals = ["approval"], Outputs = ["approved_by"] });

    private async Task<(string Finished, string Waiting)> FinishedAndWaitingAsync()
    {
        var runner = WorkflowRunner.ForDirectory(_root.Root);
        var late = new VariableStore();
        late.Set("late", "yes");
        var finished = await runner.RunAsync(Approval(runner), late);
        var waiting = await runner.RunAsync(Approval(runner));
        Assert.Equal(ExecutionStatus.CompletedSuccess, finished.Status);
        Assert.Equal(ExecutionStatus.Paused, waiting.Status);
        // A signal kept for the waiting one while (say) a worker held it: posted, not recorded yet.
        await new FileSystemExecutionStore(_root.Root).PostSignalAsync(waiting.ExecutionId,
            new PendingSignal { Id = "s1", Name = "approval", Json = "\"human:samson\"", Sender = "human:samson", SentAt = DateTimeOffset.UtcNow }, default);
        return (finished.ExecutionId, waiting.ExecutionId);
    }

    private string[] SignalFiles(string executionId, double daysOld)
    {
        var folder = _root.Layout.SignalsDirectory(executionId);
        var files = Directory.GetFiles(folder);
        foreach (var file in files) File.SetLastWriteTimeUtc(file, (TempExecutionRoot.Now - TimeSpan.FromDays(daysOld)).UtcDateTime);
        return [.. files.Select(_root.Layout.RelativeToExecution)];
    }

    [Fact]
    public async Task Clean_deletes_the_old_undelivered_signals_of_a_finished_execution_and_never_those_of_one_that_can_run()
    {
        var (finished, waiting) = await FinishedAndWaitingAsync();
        var undelivered = Assert.Single(SignalFiles(finished, daysOld: 100));
        var pending = Assert.Single(SignalFiles(waiting, daysOld: 100));

        var report = _root.Maintenance().CleanResults();

        var deleted = Assert.Single(report.Deleted);
        Assert.Equal(undelivered, deleted.Path);
        Assert.Equal(finished, deleted.ExecutionId);
        Assert.Contains("is finished (COMPLETED_SUCCESS)", deleted.Reason);
        Assert.False(Directory.Exists(_root.Layout.SignalsDirectory(finished)));
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal(pending, skipped.Path);
        Assert.Equal($"waits for execution {waiting} (PAUSED)", skipped.Reason);
        Assert.True(File.Exists(_root.PathOf(pending)));
    }

    [Fact]
    public async Task An_undelivered_signal_younger_than_the_result_retention_is_kept()
    {
        var (finished, _) = await FinishedAndWaitingAsync();
        var undelivered = Assert.Single(SignalFiles(finished, daysOld: 10));

        var report = _root.Maintenance().CleanResults();

        Assert.Equal(undelivered, Assert.Single(report.Kept, f => f.Path.StartsWith("signals/", StringComparison.Ordinal)).Path);
        Assert.Empty(report.Deleted);
        Assert.True(File.Exists(_root.PathOf(undelivered)));
    }

    [Fact]
    public async Task A_dry_run_reports_the_signals_it_would_delete_and_deletes_none()
    {
        var (finished, _) = await FinishedAndWaitingAsync();
        var undelivered = Assert.Single(SignalFiles(finished, daysOld: 100));

        var report = _root.Maintenance().CleanResults(dryRun: true);

        Assert.Equal(undelivered, Assert.Single(report.Deleted).Path);
        Assert.True(File.Exists(_root.PathOf(undelivered)));
    }

    [Fact]
    public async Task Archiving_logs_leaves_pending_signals_alone()
    {
        var (_, waiting) = await FinishedAndWaitingAsync();
        var pending = Assert.Single(SignalFiles(waiting, daysOld: 400));
        var before = File.ReadAllBytes(_root.PathOf(pending));

        var report = _root.Maintenance().ArchiveLogs();

        Assert.DoesNotContain(report.Files, f => f.Path.StartsWith("signals/", StringComparison.Ordinal));
        Assert.Equal(before, File.ReadAllBytes(_root.PathOf(pending)));
    }

    [Fact]
    public async Task A_backup_keeps_a_pending_signal_and_a_resume_of_the_restored_root_delivers_it()
    {
        var (_, waiting) = await FinishedAndWaitingAsync();
        var pending = Assert.Single(SignalFiles(waiting, daysOld: 0));
        using var restored = new TempRoot();

        var backup = _root.Maintenance().Backup(destinationPath: Path.Combine(restored.Path, "backup.tar.gz"));
        ExecutionMaintenance.ExtractBackup(Path.Combine(restored.Path, "backup.tar.gz"), Path.Combine(restored.Path, "root"));
        var runner = WorkflowRunner.ForDirectory(Path.Combine(restored.Path, "root"));
        var done = await runner.ResumeAsync(Approval(runner), waiting);

        Assert.Contains(backup.BackedUp, f => f.Path == pending);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal("human:samson", Assert.Single(done.State.Signals).Sender);
    }
}

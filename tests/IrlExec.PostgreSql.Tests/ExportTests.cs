using IrlExec.Tests.Support;

namespace IrlExec.PostgreSql.Tests;

/// <summary>Executions' files rendered from their histories: the same files a filesystem root's live views hold.</summary>
public sealed class ExportTests : StoreFixture
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "irlexec-export-" + Guid.NewGuid().ToString("N")[..8]);

    private static WorkflowDefinition Workflow(bool failSecond = false) => TestWorkflow.Create("export-test",
        StepSpec.Sync("fetch", (c, o) => { c.Log(ExecutionLogLevel.Info, "fetched 3 items"); o["items"] = "3"; }) with { Outputs = ["items"] },
        StepSpec.Sync("report", (c, o) =>
        {
            if (failSecond) throw new InvalidOperationException("report server down");
            o["summary"] = "3 items, all fine";
        }) with { Outputs = ["summary"], Inputs = [("items", "{{items}}")] });

    [Fact]
    public async Task An_export_of_a_finished_run_holds_the_files_its_live_views_wrote()
    {
        var live = Path.Combine(_folder, "live");
        var runner = WorkflowRunner.ForDirectory(live);
        var done = await runner.RunAsync(Workflow());
        var paused = await runner.RunAsync(Workflow(failSecond: true));
        var liveLayout = new ExecutionLayout(live);
        using var store = new FileSystemExecutionStore(liveLayout);

        var exported = await ExecutionExport.ExportAsync(store, null, Path.Combine(_folder, "export"));

        Assert.Equal([done.ExecutionId, paused.ExecutionId], exported);
        var exportLayout = new ExecutionLayout(Path.Combine(_folder, "export"));
        foreach (var id in exported)
        {
            Assert.Equal(File.ReadAllText(liveLayout.HistoryFile(id)), File.ReadAllText(exportLayout.HistoryFile(id)));
            Assert.Equal(File.ReadAllText(liveLayout.SnapshotFile(id)), File.ReadAllText(exportLayout.SnapshotFile(id)));
            Assert.Equal(File.ReadAllText(liveLayout.MarkdownFile(id)), File.ReadAllText(exportLayout.MarkdownFile(id)));
        }
        foreach (var log in Directory.GetFiles(liveLayout.LogsDirectory))
        {
            Assert.Equal(File.ReadAllText(log), File.ReadAllText(Path.Combine(exportLayout.LogsDirectory, Path.GetFileName(log))));
        }
        var result = Assert.Single(Directory.GetFiles(liveLayout.ResultsDirectory));
        Assert.Equal(File.ReadAllText(result), File.ReadAllText(Path.Combine(exportLayout.ResultsDirectory, Path.GetFileName(result))));
        Assert.Equal(File.ReadAllText(liveLayout.ActiveWorkflowsFile), File.ReadAllText(exportLayout.ActiveWorkflowsFile));
        Assert.Equal(File.ReadAllText(liveLayout.WorkspaceStateFile), File.ReadAllText(exportLayout.WorkspaceStateFile));
        Assert.Equal(File.ReadAllText(liveLayout.ManifestFile), File.ReadAllText(exportLayout.ManifestFile));
    }

    [SkippableFact]
    public async Task A_run_kept_in_postgresql_exports_to_a_root_the_filesystem_store_can_resume()
    {
        var store = Open();
        var paused = await new WorkflowRunner(store).RunAsync(Workflow(failSecond: true));
        Assert.Equal(ExecutionStatus.Paused, paused.Status);

        await ExecutionExport.ExportAsync(store, [paused.ExecutionId], _folder);

        var markdown = File.ReadAllText(new ExecutionLayout(_folder).MarkdownFile(paused.ExecutionId));
        Assert.Contains("report server down", markdown);
        var resumed = await WorkflowRunner.ForDirectory(_folder).ResumeAsync(Workflow(), paused.ExecutionId);
        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
    }

    [SkippableFact]
    public async Task Exporting_an_unknown_execution_names_it_and_the_schema()
    {
        var store = Open();

        var error = await Assert.ThrowsAsync<UnknownExecutionException>(() => ExecutionExport.ExportAsync(store, ["exec_nope"], _folder));

        Assert.Contains("exec_nope", error.Message);
        Assert.Contains(Schema, error.Message);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

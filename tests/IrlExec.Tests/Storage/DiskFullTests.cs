using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>
/// A full disk, for real: the root is on a small tmpfs that the test (or a step, as a real job would) fills up. The run
/// stops with a <see cref="DiskFullException"/> naming the file and the execution; what was recorded stays readable; no
/// empty history is left; and the execution resumes once space is freed.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly SmallDisk _disk = new();

    public void Dispose() => _disk.Dispose();

    private string Root => Path.Combine(_disk.Path, "root");

    [SkippableFact]
    public async Task A_full_disk_at_the_first_record_stops_the_run_naming_the_history_and_leaves_no_empty_history()
    {
        _disk.SkipUnlessAvailable();
        var layout = new ExecutionLayout(Root);
        Directory.CreateDirectory(layout.StateDirectory);
        Directory.CreateDirectory(layout.LogsDirectory);
        _disk.Fill();
        var workflow = TestWorkflow.Create("disk-full", StepSpec.Sync("only", (c, o) => c.Log("ran")));

        var error = await Assert.ThrowsAsync<DiskFullException>(() => WorkflowRunner.ForDirectory(Root).RunAsync(workflow));

        Assert.NotNull(error.ExecutionId);
        Assert.Equal(layout.HistoryFile(error.ExecutionId!), error.FilePath);
        Assert.Contains(error.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("no space left", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
        Assert.Empty(Directory.EnumerateFiles(layout.StateDirectory, "*.history.jsonl"));
        Assert.Empty(Directory.EnumerateFiles(layout.StateDirectory, ".*.tmp"));

        _disk.Free();
        var again = await WorkflowRunner.ForDirectory(Root).RunAsync(workflow);
        Assert.Equal(ExecutionStatus.CompletedSuccess, again.Status);
        Assert.Equal([again.ExecutionId], await new FileSystemExecutionStore(Root).ListAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_disk_that_fills_up_during_a_step_stops_the_run_and_the_execution_resumes_once_space_is_freed()
    {
        _disk.SkipUnlessAvailable();
        var layout = new ExecutionLayout(Root);
        var ran = new List<string>();
        var workflow = TestWorkflow.Create("disk-full",
            StepSpec.Sync("before", (c, o) => { ran.Add("before"); o["note"] = "done"; }) with { Outputs = ["note"] },
            StepSpec.Sync("filling", (c, o) =>
            {
                ran.Add("filling");
                // A real job that eats the disk, then reports what it did: that report no longer fits.
                if (!c.IsResumed) _disk.Fill();
                c.Log("wrote the dump: " + new string('x', 16 * 1024));
                o["dump"] = "dump.bin";
            }) with { Outputs = ["dump"] },
            StepSpec.Sync("after", (c, o) => ran.Add("after")));
        var runner = WorkflowRunner.ForDirectory(Root);

        var error = await Assert.ThrowsAsync<DiskFullException>(() => runner.RunAsync(workflow));

        var id = Assert.Single(await new FileSystemExecutionStore(Root).ListAsync(CancellationToken.None));
        Assert.Equal(id, error.ExecutionId);
        Assert.StartsWith(layout.Root, error.FilePath, StringComparison.Ordinal);
        Assert.Contains($"irlexec resume {id}", error.Message, StringComparison.Ordinal);
        // What was recorded before is intact: step 1 completed, step 2 started and did not complete.
        var state = (await runner.GetStateAsync(id))!;
        Assert.Equal(StepStatus.Completed, state.Steps[0].Status);
        Assert.NotEqual(StepStatus.Completed, state.Steps[1].Status);
        Assert.Equal(["before", "filling"], ran);

        _disk.Free();
        var resumed = await WorkflowRunner.ForDirectory(Root).ResumeAsync(workflow, id);

        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
        Assert.Equal(["before", "filling", "filling", "after"], ran);
        HistoryCodec.Decode(File.ReadAllBytes(layout.HistoryFile(id)), layout.HistoryFile(id)); // throws if damaged
        Assert.Empty(Directory.EnumerateFiles(layout.ExecutionDirectory, ".*.tmp", SearchOption.AllDirectories));
    }

    [SkippableFact]
    public void AtomicFile_on_a_full_disk_throws_naming_the_file_and_leaves_it_and_no_temporary_file()
    {
        _disk.SkipUnlessAvailable();
        var path = Path.Combine(_disk.Path, "view.json");
        File.WriteAllText(path, "old");
        _disk.Fill();

        var error = Assert.Throws<DiskFullException>(() => AtomicFile.WriteAllBytes(path, new byte[64 * 1024]));

        Assert.Equal(path, error.FilePath);
        Assert.Null(error.ExecutionId);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Empty(Directory.EnumerateFiles(_disk.Path, ".*.tmp"));
    }
}

using System.Diagnostics;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>
/// The files a new execution's start creates (its lease's lock file, its run label's log, its history's file), made ahead
/// without a name by the filesystem store and named at the start (StartFiles).
/// </summary>
public class StartFilesTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 0, 45, 0, TimeSpan.Zero);

    private static bool Supported => OperatingSystem.IsLinux() && UnnamedFile.Available;

    // A store over root holding a lock file, a log file and a history file made ahead (the folders exist).
    private static async Task<FileSystemExecutionStore> StoreWithFilesAheadAsync(TempRoot root)
    {
        Directory.CreateDirectory(root.Layout.StateDirectory);
        Directory.CreateDirectory(root.Layout.LogsDirectory);
        var store = new FileSystemExecutionStore(root.Layout);
        store.StartFiles.RefillSoon();
        await store.StartFiles.Refilled;
        Assert.Equal(3, store.StartFiles.Held);
        return store;
    }

    private static int UnnamedFilesOpenIn(string folder) => OpenFiles.UnnamedIn(folder).Count;

    // Whether another process can take the lock (flock) of path: util-linux's flock, which fails at once when it is held.
    private static bool AnotherProcessCanLock(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("flock", ["--nonblock", "--exclusive", path, "true"]) { UseShellExecute = false })!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    private static bool HasFlockTool => File.Exists("/usr/bin/flock") || File.Exists("/bin/flock");

    [Fact]
    public async Task A_lease_named_from_a_lock_file_made_ahead_is_held_from_the_moment_the_name_exists()
    {
        if (!Supported) return;
        using var root = new TempRoot();
        using var store = await StoreWithFilesAheadAsync(root);
        var path = root.Layout.LockFile("exec_a");

        await using (await store.AcquireLeaseAsync("exec_a", default))
        {
            Assert.Equal(1, store.StartFiles.Taken);
            Assert.True(File.Exists(path));
            using var another = new FileSystemExecutionStore(root.Layout); // nothing made ahead: opens and locks the name
            await Assert.ThrowsAsync<ExecutionLeaseException>(async () => await another.AcquireLeaseAsync("exec_a", default));
            using var third = await StoreWithFilesAheadAsync(root); // its own lock file made ahead: the name exists
            await Assert.ThrowsAsync<ExecutionLeaseException>(async () => await third.AcquireLeaseAsync("exec_a", default));
            Assert.Equal(3, third.StartFiles.Held); // its lock file is kept for a start of its own
            if (HasFlockTool) Assert.False(AnotherProcessCanLock(path));
        }

        using var after = new FileSystemExecutionStore(root.Layout);
        await using (await after.AcquireLeaseAsync("exec_a", default))
        {
            Assert.Equal(0, new FileInfo(path).Length);
        }
    }

    [Fact]
    public async Task A_resume_leases_its_existing_lock_file_and_keeps_the_one_made_ahead()
    {
        if (!Supported) return;
        using var root = new TempRoot();
        using (var first = new FileSystemExecutionStore(root.Layout))
        {
            await (await first.AcquireLeaseAsync("exec_r", default)).DisposeAsync(); // the execution's lock file exists
        }
        using var store = await StoreWithFilesAheadAsync(root);

        await using (await store.AcquireLeaseAsync("exec_r", default))
        {
            Assert.Equal(0, store.StartFiles.Taken);
            Assert.Equal(2, store.StartFiles.HeldIn(root.Layout.StateDirectory));
            using var another = new FileSystemExecutionStore(root.Layout);
            await Assert.ThrowsAsync<ExecutionLeaseException>(async () => await another.AcquireLeaseAsync("exec_r", default));
            if (HasFlockTool) Assert.False(AnotherProcessCanLock(root.Layout.LockFile("exec_r")));
        }

        Assert.Equal(["exec_r.lock"], Directory.GetFiles(root.Layout.StateDirectory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_run_started_with_files_made_ahead_leaves_the_same_files_and_bytes_as_one_without()
    {
        if (!Supported) return;
        using var without = new TempRoot();
        using var with = new TempRoot();
        var runnerWithout = WorkflowRunner.ForDirectory(without.Path, new ManualClock(Start));
        ((FileSystemExecutionStore)runnerWithout.Store).StartFiles.Off = true;
        var runnerWith = WorkflowRunner.ForDirectory(with.Path, new ManualClock(Start));
        var startFiles = ((FileSystemExecutionStore)runnerWith.Store).StartFiles;
        // Each run's step takes a different real time, which the manual clock does not see: the logs' durations stay equal.
        var calls = 0;
        var workflow = TestWorkflow.Create("ahead", StepSpec.Sync("first", (c, _) => { c.Log("one"); Thread.Sleep(2 * ++calls); }), StepSpec.Sync("second", (_, _) => { }));

        foreach (var id in new[] { "exec_one", "exec_two", "exec_three" })
        {
            await startFiles.Refilled; // the third run starts with the files the second made ahead
            Assert.Equal(ExecutionStatus.CompletedSuccess, (await runnerWithout.RunAsync(workflow, options: new RunOptions { ExecutionId = id })).Status);
            Assert.Equal(ExecutionStatus.CompletedSuccess, (await runnerWith.RunAsync(workflow, options: new RunOptions { ExecutionId = id })).Status);
        }

        Assert.Equal(3, startFiles.Taken);
        Assert.Equal(0, ((FileSystemExecutionStore)runnerWithout.Store).StartFiles.Taken);
        foreach (var relative in new[] { "execution/state/exec_three.lock", "execution/logs/ahead-2026-02-08-003.log", "execution/state/exec_three.history.jsonl" })
        {
            var expected = Path.Combine(without.Path, relative);
            var actual = Path.Combine(with.Path, relative);
            Assert.True(File.Exists(actual), relative);
            Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(actual));
            if (!OperatingSystem.IsWindows()) Assert.Equal(File.GetUnixFileMode(expected), File.GetUnixFileMode(actual));
        }
        Assert.Equal(Listing(without.Path), Listing(with.Path));
    }

    private static List<string> Listing(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_store_disposed_with_files_made_ahead_and_not_used_leaves_no_file()
    {
        if (!Supported) return;
        using var root = new TempRoot();
        var store = await StoreWithFilesAheadAsync(root);
        Assert.Equal(2, UnnamedFilesOpenIn(root.Layout.StateDirectory));
        Assert.Equal(1, UnnamedFilesOpenIn(root.Layout.LogsDirectory));

        store.Dispose();
        store.StartFiles.RefillSoon(); // a disposed store makes no more
        await store.StartFiles.Refilled;

        Assert.Equal(0, store.StartFiles.Held);
        Assert.Equal(0, UnnamedFilesOpenIn(root.Layout.StateDirectory));
        Assert.Equal(0, UnnamedFilesOpenIn(root.Layout.LogsDirectory));
        Assert.Empty(Directory.EnumerateFiles(root.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_store_makes_no_file_ahead_for_its_first_execution_only_from_its_second_on()
    {
        if (!Supported) return;
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        var startFiles = ((FileSystemExecutionStore)runner.Store).StartFiles;
        // The step takes real time, which the manual clock does not see: the logs' durations stay equal.
        var workflow = TestWorkflow.Create("ahead", StepSpec.Sync("only", (_, _) => { }));

        Assert.Equal(ExecutionStatus.CompletedSuccess, (await runner.RunAsync(workflow)).Status);
        await startFiles.Refilled;

        // A process that runs one execution (the command line's run) holds nothing it would not use.
        Assert.Equal(0, startFiles.Held);
        Assert.Equal(0, UnnamedFilesOpenIn(root.Layout.StateDirectory));
        Assert.Equal(0, UnnamedFilesOpenIn(root.Layout.LogsDirectory));

        Assert.Equal(ExecutionStatus.CompletedSuccess, (await runner.RunAsync(workflow)).Status);
        await startFiles.Refilled;

        Assert.Equal(3, startFiles.Held);
        Assert.Equal(2, UnnamedFilesOpenIn(root.Layout.StateDirectory));
        Assert.Equal(1, UnnamedFilesOpenIn(root.Layout.LogsDirectory));
    }

    [Fact]
    public async Task A_failure_to_make_a_file_ahead_leaves_the_start_to_create_its_own()
    {
        if (!Supported) return;
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        var startFiles = ((FileSystemExecutionStore)runner.Store).StartFiles;
        startFiles.BeforeMake = folder => throw new IOException("Too many open files: " + folder, 24); // EMFILE
        // The step takes real time, which the manual clock does not see: the logs' durations stay equal.
        var workflow = TestWorkflow.Create("ahead", StepSpec.Sync("only", (_, _) => { }));

        foreach (var id in new[] { "exec_one", "exec_two", "exec_three" })
        {
            await startFiles.Refilled; // made nothing, and did not fail
            Assert.Equal(ExecutionStatus.CompletedSuccess, (await runner.RunAsync(workflow, options: new RunOptions { ExecutionId = id })).Status);
        }

        await startFiles.Refilled;
        Assert.Equal(0, startFiles.Held);
        Assert.Equal(0, startFiles.Taken);
        Assert.True(File.Exists(root.Layout.LockFile("exec_three")));
        Assert.True(File.Exists(root.Layout.LogFile("ahead-2026-02-08-003")));
        Assert.Equal(2, (await runner.Store.ReadAsync("exec_three", default))!.Count(r => r.Kind == ExecutionEventKind.StepStarted || r.Kind == ExecutionEventKind.ExecutionCreated));
    }

    [Fact]
    public async Task Files_made_ahead_whose_folders_were_removed_leave_the_start_to_create_its_own()
    {
        if (!Supported) return;
        using var root = new TempRoot();
        var runner = new WorkflowRunner(await StoreWithFilesAheadAsync(root), StandardObservers.For(root.Layout), new ManualClock(Start));
        Directory.Delete(root.Layout.ExecutionDirectory, recursive: true); // the root emptied by hand between runs

        var result = await runner.RunAsync(TestWorkflow.Create("ahead", StepSpec.Sync("only", (_, _) => { })), options: new RunOptions { ExecutionId = "exec_one" });

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(File.Exists(root.Layout.LockFile("exec_one")));
        Assert.True(File.Exists(root.Layout.LogFile("ahead-2026-02-08-001")));
        Assert.Equal(ExecutionStatus.CompletedSuccess, (await runner.GetStateAsync("exec_one"))!.Status);
        using var another = new FileSystemExecutionStore(root.Layout);
        await using (await another.AcquireLeaseAsync("exec_one", default))
        {
            // the run's lease was released
        }
    }
}

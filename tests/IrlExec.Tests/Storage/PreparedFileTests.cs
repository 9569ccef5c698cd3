using System.Text;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>Files made ahead of an atomic write (PreparedFile), and the views that make them while a run's steps run.</summary>
public class PreparedFileTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 0, 45, 0, TimeSpan.Zero);

    private static List<string> UnnamedFilesOpenIn(string folder) => OpenFiles.UnnamedIn(folder);

    private static List<string> HiddenTemporaryFiles(string root) =>
        Directory.EnumerateFiles(root, ".*.tmp", SearchOption.AllDirectories).ToList();

    [Fact]
    public void A_write_into_a_prepared_file_puts_that_file_in_place_and_leaves_no_other()
    {
        if (!OperatingSystem.IsLinux() || !UnnamedFile.Available) return; // unnamed files are Linux's
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "README.md");
        File.WriteAllText(path, "old");
        var prepared = PreparedFile.TryCreate(path);
        Assert.NotNull(prepared);
        // A second handle on the prepared file: it reads what the write put in it.
        string written;
        using (var same = new FileStream("/proc/self/fd/" + prepared.Stream.SafeFileHandle.DangerousGetHandle(), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            AtomicFile.WriteAllBytes(path, "new"u8, flushToDisk: true, prepared, replaced: null);
            written = new StreamReader(same, Encoding.UTF8).ReadToEnd();
        }

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal("new", written);
        Assert.Equal(["README.md"], Directory.GetFiles(root.Path).Select(Path.GetFileName));
        Assert.Empty(UnnamedFilesOpenIn(root.Path));
    }

    [Fact]
    public void A_prepared_file_of_another_folder_is_freed_and_the_write_makes_its_own()
    {
        if (!OperatingSystem.IsLinux() || !UnnamedFile.Available) return;
        using var root = new TempRoot();
        Directory.CreateDirectory(Path.Combine(root.Path, "other"));
        var prepared = PreparedFile.TryCreate(Path.Combine(root.Path, "other", "x.json"));
        Assert.NotNull(prepared);
        var path = Path.Combine(root.Path, "view.json");

        AtomicFile.WriteAllBytes(path, "{}"u8, flushToDisk: false, prepared, replaced: null);

        Assert.Equal("{}", File.ReadAllText(path));
        Assert.Empty(UnnamedFilesOpenIn(Path.Combine(root.Path, "other")));
        Assert.Equal(["view.json"], Directory.GetFiles(root.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_replaced_file_left_to_the_caller_loses_its_name_in_the_write_and_is_listed_for_the_caller_to_free(bool flushToDisk)
    {
        if (!OperatingSystem.IsLinux()) return; // the exchange of names is Linux's
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "README.md");
        File.WriteAllText(path, "old");
        var replaced = new List<string>();

        AtomicFile.WriteAllBytes(path, "new"u8, flushToDisk, PreparedFile.TryCreate(path), replaced);

        Assert.Equal("new", File.ReadAllText(path));
        var old = Assert.Single(replaced);
        Assert.StartsWith(".README.md.", Path.GetFileName(old), StringComparison.Ordinal);
        // No hidden file is left for a process killed from here on to leave behind.
        Assert.Equal(["README.md"], Directory.GetFiles(root.Path).Select(Path.GetFileName));
        AtomicFile.FreeReplaced();
        Assert.Equal(["README.md"], Directory.GetFiles(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_run_makes_its_ends_files_while_its_steps_run_and_leaves_none_behind()
    {
        if (!OperatingSystem.IsLinux() || !UnnamedFile.Available) return;
        using var root = new TempRoot();
        var layout = root.Layout;
        List<string> readme = [], activeList = [];
        var workflow = TestWorkflow.Create("prepared",
            StepSpec.Sync("first", (_, _) => { }),
            StepSpec.Sync("second", (_, _) =>
            {
                // The README's and the active list's next files exist, unnamed, before the run's end.
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while ((readme.Count == 0 || activeList.Count == 0) && DateTime.UtcNow < deadline)
                {
                    readme = UnnamedFilesOpenIn(layout.ExecutionDirectory);
                    activeList = UnnamedFilesOpenIn(Path.GetDirectoryName(layout.ActiveWorkflowsFile)!);
                    if (readme.Count == 0 || activeList.Count == 0) Thread.Sleep(5);
                }
            }));

        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Empty(result.ViewProblems);
        Assert.Single(readme);
        Assert.Single(activeList);
        Assert.Contains("| prepared | 2026-02-08T00:45:00Z | ✓ Complete |", File.ReadAllText(layout.ManifestFile), StringComparison.Ordinal);
        Assert.DoesNotContain(result.ExecutionId, File.ReadAllText(layout.ActiveWorkflowsFile), StringComparison.Ordinal);
        Assert.Empty(HiddenTemporaryFiles(root.Path));
        Assert.Empty(UnnamedFilesOpenIn(layout.ExecutionDirectory));
        Assert.Empty(UnnamedFilesOpenIn(Path.GetDirectoryName(layout.ActiveWorkflowsFile)!));
    }

    // The folders the views' files made ahead are in, and how many each holds while the run's steps run: the README
    // (execution/), the snapshot and the execution's markdown (state/; with the run's history, made unnamed and named,
    // whose open descriptor still shows the name it was made with), the result (results/), the workspace markdown (workspace/), the active list's
    // removal (active/).
    private static Dictionary<string, int> ExpectedAhead(ExecutionLayout layout) => new()
    {
        [layout.ExecutionDirectory] = 1,
        [layout.StateDirectory] = 3,
        [layout.ResultsDirectory] = 1,
        [layout.WorkspaceDirectory] = 1,
        [layout.ActiveDirectory] = 1,
    };

    private static Dictionary<string, int> UnnamedFilesByFolder(ExecutionLayout layout) =>
        ExpectedAhead(layout).Keys.ToDictionary(folder => folder, folder => UnnamedFilesOpenIn(folder).Count);

    // Waits (in a step) until every view's file is made ahead, or 60 s; returns what it saw last.
    private static Dictionary<string, int> WaitForFilesAhead(ExecutionLayout layout)
    {
        var expected = ExpectedAhead(layout);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var seen = UnnamedFilesByFolder(layout);
            if (seen.All(f => f.Value == expected[f.Key]) || DateTime.UtcNow > deadline) return seen;
            Thread.Sleep(5);
        }
    }

    // A runner whose store makes no start files (the views' files only; StartFilesTests: the start's), after a first run
    // that made the root's folders (a view's file is made ahead in its folder once the folder exists) and the files the
    // next run replaces.
    private static async Task<WorkflowRunner> RunnerAfterAFirstRunAsync(TempRoot root)
    {
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        ((FileSystemExecutionStore)runner.Store).StartFiles.Off = true;
        Assert.Equal(ExecutionStatus.CompletedSuccess, (await runner.RunAsync(TestWorkflow.Create("prepared", StepSpec.Sync("only", (_, _) => { })))).Status);
        return runner;
    }

    private static void AssertNothingLeft(TempRoot root)
    {
        Assert.Empty(HiddenTemporaryFiles(root.Path));
        Assert.All(UnnamedFilesByFolder(root.Layout), f => Assert.Equal(0, f.Value)); // the history is closed by now
    }

    [Fact]
    public async Task A_run_makes_every_views_end_file_ahead_writes_into_them_and_leaves_none_behind()
    {
        if (!OperatingSystem.IsLinux() || !UnnamedFile.Available) return;
        using var root = new TempRoot();
        var layout = root.Layout;
        var runner = await RunnerAfterAFirstRunAsync(root);
        Dictionary<string, int> seen = [];
        var workflow = TestWorkflow.Create("prepared",
            StepSpec.Sync("first", (_, _) => { }),
            StepSpec.Sync("second", (_, _) => seen = WaitForFilesAhead(layout)));

        var result = await runner.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Empty(result.ViewProblems);
        Assert.Equal(ExpectedAhead(layout), seen);
        Assert.Contains("second", File.ReadAllText(layout.MarkdownFile(result.ExecutionId)), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(layout.MarkdownFile(result.ExecutionId)), File.ReadAllText(layout.WorkspaceStateFile));
        Assert.Equal(ExecutionStatus.CompletedSuccess, SnapshotWriter.Read(layout.SnapshotFile(result.ExecutionId)).Status);
        Assert.Equal(2, Directory.GetFiles(layout.ResultsDirectory, "prepared-results-*.json").Length);
        AssertNothingLeft(root);
    }

    [Fact]
    public async Task A_failed_run_writes_its_views_into_the_files_made_ahead_and_leaves_none_behind()
    {
        if (!OperatingSystem.IsLinux() || !UnnamedFile.Available) return;
        using var root = new TempRoot();
        var layout = root.Layout;
        var runner = await RunnerAfterAFirstRunAsync(root);
        Dictionary<string, int> seen = [];
        var workflow = TestWorkflow.Create("prepared",
            StepSpec.Sync("first", (_, _) => { }),
            StepSpec.Sync("second", (_, _) =>
            {
                seen = WaitForFilesAhead(layout);
                throw new InvalidOperationException("broken on purpose");
            }));

        var result = await runner.RunAsync(workflow, options: new RunOptions { OnStepFailure = StepFailurePolicy.FailExecution });

        Assert.Equal(ExecutionStatus.CompletedFailure, result.Status);
        Assert.Empty(result.ViewProblems);
        Assert.Equal(ExpectedAhead(layout), seen);
        Assert.Equal(ExecutionStatus.CompletedFailure, SnapshotWriter.Read(layout.SnapshotFile(result.ExecutionId)).Status);
        Assert.Equal(2, Directory.GetFiles(layout.ResultsDirectory, "prepared-results-*.json").Length);
        AssertNothingLeft(root);
    }

    [Fact]
    public async Task A_paused_run_frees_every_file_made_ahead_it_did_not_use()
    {
        if (!OperatingSystem.IsLinux() || !UnnamedFile.Available) return;
        using var root = new TempRoot();
        var layout = root.Layout;
        var runner = await RunnerAfterAFirstRunAsync(root);
        Dictionary<string, int> seen = [];
        var pause = true;
        var workflow = TestWorkflow.Create("prepared",
            StepSpec.Sync("first", (_, _) => { }),
            StepSpec.Sync("second", (c, _) =>
            {
                if (!pause) return;
                seen = WaitForFilesAhead(layout);
                c.Pause("waiting");
            }));

        var paused = await runner.RunAsync(workflow);

        // The pause writes the snapshot, the markdown, the README and the active list; the result's and the active list
        // removal's files are not used: freed, as the replaced files are deleted, before the run returns.
        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        Assert.Equal(ExpectedAhead(layout), seen);
        AssertNothingLeft(root);
        pause = false;
        var resumed = await runner.ResumeAsync(workflow, paused.ExecutionId);
        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
        Assert.Empty(resumed.ViewProblems);
        AssertNothingLeft(root);
    }

    [Fact]
    public async Task A_paused_run_frees_the_files_it_did_not_use_and_a_resume_finishes_with_new_ones()
    {
        if (!OperatingSystem.IsLinux() || !UnnamedFile.Available) return;
        using var root = new TempRoot();
        var layout = root.Layout;
        var pause = true;
        var prepared = 0;
        var workflow = TestWorkflow.Create("prepared",
            StepSpec.Sync("first", (_, _) => { }),
            StepSpec.Sync("second", (c, _) =>
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while ((prepared = UnnamedFilesOpenIn(Path.GetDirectoryName(layout.ActiveWorkflowsFile)!).Count) == 0 && DateTime.UtcNow < deadline) Thread.Sleep(5);
                if (pause) c.Pause("waiting");
            }));
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        ((FileSystemExecutionStore)runner.Store).StartFiles.Off = true; // the views' files only (StartFilesTests: the start's)

        var paused = await runner.RunAsync(workflow);
        // The pause lists the execution (the active list's file made ahead, for its removal, is not used) ...
        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        Assert.Equal(1, prepared);
        Assert.Contains(paused.ExecutionId, File.ReadAllText(layout.ActiveWorkflowsFile), StringComparison.Ordinal);
        Assert.Empty(UnnamedFilesOpenIn(layout.ExecutionDirectory));
        Assert.Empty(UnnamedFilesOpenIn(Path.GetDirectoryName(layout.ActiveWorkflowsFile)!));
        Assert.Empty(HiddenTemporaryFiles(root.Path));

        pause = false;
        var resumed = await runner.ResumeAsync(workflow, paused.ExecutionId);

        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
        Assert.Empty(resumed.ViewProblems);
        Assert.Contains("| prepared | 2026-02-08T00:45:00Z | ✓ Complete |", File.ReadAllText(layout.ManifestFile), StringComparison.Ordinal);
        Assert.DoesNotContain(paused.ExecutionId, File.ReadAllText(layout.ActiveWorkflowsFile), StringComparison.Ordinal);
        Assert.Empty(HiddenTemporaryFiles(root.Path));
        Assert.Empty(UnnamedFilesOpenIn(layout.ExecutionDirectory));
    }
}

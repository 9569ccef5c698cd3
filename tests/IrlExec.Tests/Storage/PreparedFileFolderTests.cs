using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>A folder a view's file was made ahead in is deleted while the run's steps run (a person cleaning up).</summary>
public class PreparedFileFolderTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 0, 45, 0, TimeSpan.Zero);

    // Waits (in a step) until the folder holds a file made ahead (an unnamed file open in it), or 60 s.
    private static void WaitForFileAheadIn(string folder) =>
        SpinWait.SpinUntil(() => OpenFiles.UnnamedIn(folder).Count > 0, TimeSpan.FromSeconds(60));

    public static TheoryData<string> Folders => new() { "workspace", "results" };

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task A_run_whose_view_folder_was_deleted_after_its_file_was_made_ahead_writes_the_view_in_a_new_folder(string folderName)
    {
        if (!OperatingSystem.IsLinux() || !UnnamedFile.Available) return; // files made ahead are Linux's
        using var root = new TempRoot();
        var layout = root.Layout;
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        // A first run makes the root's folders: a view's file is made ahead only in a folder that exists.
        Assert.Equal(ExecutionStatus.CompletedSuccess, (await runner.RunAsync(TestWorkflow.Create("ahead", StepSpec.Sync("only", (_, _) => { })))).Status);
        var folder = folderName == "workspace" ? layout.WorkspaceDirectory : layout.ResultsDirectory;
        var workflow = TestWorkflow.Create("ahead",
            StepSpec.Sync("first", (_, _) => { }),
            StepSpec.Sync("second", (_, _) =>
            {
                WaitForFileAheadIn(folder);
                Directory.Delete(folder, recursive: true);
            }));

        var result = await runner.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Empty(result.ViewProblems);
        Assert.True(File.Exists(layout.WorkspaceStateFile));
        Assert.True(File.Exists(layout.SnapshotFile(result.ExecutionId)));
        Assert.True(File.Exists(layout.ResultFile("ahead", result.State.RunLabel)));
    }
}

using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>Tests that hold the closing of replaced files: they run alone (a run of another test deletes files too).</summary>
[CollectionDefinition(nameof(ReplacedFileSwitches), DisableParallelization = true)]
public sealed class ReplacedFileSwitches;

/// <summary>The old file a view's write replaced: its name removed at once, its space freed off the caller's path.</summary>
[Collection(nameof(ReplacedFileSwitches))]
public class ReplacedFileTests
{
    private static List<string> DeletedFilesOpenIn(string folder) => OpenFiles.DeletedUnder(folder);

    // Waits until no deleted file of folder is held open, or 60 s; returns what it saw last.
    private static List<string> WaitUntilFreed(string folder)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var open = DeletedFilesOpenIn(folder);
            if (open.Count == 0 || DateTime.UtcNow > deadline) return open;
            Thread.Sleep(5);
        }
    }

    // Holds the closing, once what earlier tests left to close is closed (their handles count against the bound).
    private static void HoldClosingWithNothingPending()
    {
        ReplacedFile.HoldClosing = true;
        ReplacedFile.CloseAll();
        SpinWait.SpinUntil(() => ReplacedFile.PendingCount == 0, TimeSpan.FromSeconds(60));
    }

    private static void ReleaseClosing()
    {
        ReplacedFile.HoldClosing = false;
        ReplacedFile.CloseAll();
        SpinWait.SpinUntil(() => ReplacedFile.PendingCount == 0, TimeSpan.FromSeconds(60));
    }

    private static string OldFile(string folder, int i)
    {
        var path = Path.Combine(folder, $".README.md.{i:D12}.tmp");
        File.WriteAllBytes(path, new byte[16 * 1024]);
        return path;
    }

    [Fact]
    public void A_replaced_files_name_is_gone_when_the_delete_returns_and_the_file_is_freed_after()
    {
        if (!OperatingSystem.IsLinux()) return; // the freeing later is Linux's
        using var root = new TempRoot();
        var old = OldFile(root.Path, 1);

        ReplacedFile.Delete(old);

        Assert.False(File.Exists(old));
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
        Assert.Empty(WaitUntilFreed(root.Path));
    }

    [Fact]
    public void The_delete_keeps_the_file_open_for_the_background_thread_to_free()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var root = new TempRoot();
        var old = OldFile(root.Path, 1);
        HoldClosingWithNothingPending();
        try
        {
            ReplacedFile.Delete(old);

            Assert.False(File.Exists(old));
            Assert.Equal([old + " (deleted)"], DeletedFilesOpenIn(root.Path));
        }
        finally
        {
            ReleaseClosing();
        }
        Assert.Empty(DeletedFilesOpenIn(root.Path));
    }

    [Fact]
    public void A_file_deleted_to_be_freed_later_stays_open_until_the_kept_files_are_freed()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var root = new TempRoot();
        var old = OldFile(root.Path, 1);
        HoldClosingWithNothingPending();
        ReplacedFile.HoldClosing = false; // nothing pending: only this test's file is kept from here on

        ReplacedFile.Delete(old, freeNow: false);

        Assert.False(File.Exists(old));
        Assert.Equal([old + " (deleted)"], DeletedFilesOpenIn(root.Path));
        ReplacedFile.FreeKept();
        Assert.Empty(WaitUntilFreed(root.Path));
    }

    [Fact]
    public void No_more_than_the_bound_of_deleted_files_waits_to_be_freed_the_rest_is_freed_at_once()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var root = new TempRoot();
        var old = Enumerable.Range(0, ReplacedFile.MaxPending + 4).Select(i => OldFile(root.Path, i)).ToList();
        HoldClosingWithNothingPending();
        try
        {
            foreach (var path in old) ReplacedFile.Delete(path);

            Assert.Empty(Directory.GetFileSystemEntries(root.Path));
            Assert.Equal(ReplacedFile.MaxPending, DeletedFilesOpenIn(root.Path).Count);
            Assert.Equal(ReplacedFile.MaxPending, ReplacedFile.PendingCount);
        }
        finally
        {
            ReleaseClosing();
        }
        Assert.Empty(DeletedFilesOpenIn(root.Path));
        Assert.Equal(0, ReplacedFile.PendingCount);
    }

    [Fact]
    public void A_file_already_gone_is_no_error_and_keeps_nothing()
    {
        using var root = new TempRoot();

        ReplacedFile.Delete(Path.Combine(root.Path, ".gone.tmp"));

        Assert.Equal(0, ReplacedFile.PendingCount);
    }

    [Fact]
    public async Task A_finished_run_leaves_no_hidden_file_and_its_replaced_files_are_freed()
    {
        if (!OperatingSystem.IsLinux() || !UnnamedFile.Available) return;
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(new DateTimeOffset(2026, 2, 8, 0, 45, 0, TimeSpan.Zero)));
        for (var i = 0; i < 3; i++)
        {
            var result = await runner.RunAsync(TestWorkflow.Create("replaced", StepSpec.Sync("first", (_, _) => { }), StepSpec.Sync("second", (_, _) => { })));
            Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        }

        Assert.Empty(Directory.EnumerateFiles(root.Path, ".*.tmp", SearchOption.AllDirectories));
        Assert.Empty(WaitUntilFreed(root.Path));
    }
}

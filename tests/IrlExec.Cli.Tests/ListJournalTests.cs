using IrlExec.Cli.Commands;
using IrlExec.Cli.Tests.Support;
using IrlExec.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>
/// After runs, <c>irlexec list</c> learns which executions were created since its last listing of <c>execution/state/</c>
/// from the journal of started executions (<c>execution/index/started.txt</c>) and the stamp that listing left, without
/// listing the folder; and it shows exactly what a listing shows. Where the journal cannot be trusted (another boot, a
/// journal cut short, replaced or missing, an index rewritten, a change made by hand with no run), it lists the folder.
/// </summary>
public sealed class ListJournalTests : IDisposable
{
    private readonly TempRoot _root = new();

    // The boot every list of a test runs in, unless the test says otherwise.
    private string _boot = "boot-of-the-test";

    public void Dispose() => _root.Dispose();

    private ExecutionLayout Layout => _root.Layout;

    private string StampFile => StateListingStamp.FilePath(Layout);

    private string Journal => StartedJournal.FilePath(Layout);

    [Fact]
    public async Task A_run_appends_its_execution_id_to_the_journal()
    {
        var first = await Samples.StartPausedDeployAsync(_root);
        var second = await Samples.CompletedDeployAsync(_root);

        Assert.Equal(first + "\n" + second + "\n", File.ReadAllText(Journal));
    }

    [Fact]
    public async Task A_run_after_the_stamp_is_listed_without_listing_state()
    {
        var before = await Samples.CompletedDeployAsync(_root);
        await StampAsync();
        var paused = await Samples.StartPausedDeployAsync(_root);
        var completed = await Samples.CompletedDeployAsync(_root);

        var (list, listings) = await ListAsync("--json");

        Assert.Equal(0, listings);
        Assert.Equal([paused, completed, before], Ids(list));
        Assert.Equal((await FullListingAsync("--json")).ToString(), list.ToString());
    }

    [Fact]
    public async Task An_execution_created_while_the_folder_was_listed_is_found_by_a_later_list()
    {
        var template = await Samples.CompletedDeployAsync(_root);
        // A runner between its journal line and its history: its lease's lock file and its line are there, its history not.
        const string inFlight = "exec_20260102T000000Z_inflight";
        BeginCreation(inFlight);
        await StampAsync();
        File.Copy(Layout.HistoryFile(template), Layout.HistoryFile(inFlight));
        var later = await Samples.StartPausedDeployAsync(_root);

        var (list, listings) = await ListAsync("--json");

        Assert.Equal(0, listings);
        Assert.Contains(inFlight, Ids(list));
        Assert.Contains(later, Ids(list));
        Assert.Equal((await FullListingAsync("--json")).ToString(), list.ToString());
    }

    [Fact]
    public async Task A_journal_line_whose_history_never_came_is_not_listed_and_stays_pending()
    {
        var done = await Samples.CompletedDeployAsync(_root);
        const string died = "exec_20260102T000000Z_died";
        BeginCreation(died); // the process died before it created the history
        await StampAsync();
        var later = await Samples.StartPausedDeployAsync(_root);
        Age();

        var (list, listings) = await ListAsync("--json");

        Assert.Equal(0, listings);
        Assert.Equal([later, done], Ids(list));
        Assert.Equal([died], StateListingStamp.Read(Layout)!.Pending);
    }

    [Fact]
    public async Task A_list_in_another_boot_lists_the_folder()
    {
        await Samples.CompletedDeployAsync(_root);
        await StampAsync();
        var later = await Samples.StartPausedDeployAsync(_root);
        _boot = "the-next-boot";

        var (list, listings) = await ListAsync("--json");

        Assert.Equal(1, listings);
        Assert.Contains(later, Ids(list));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("replaced")]
    [InlineData("missing")]
    [InlineData("not grown")]
    public async Task A_journal_that_is_not_the_one_the_stamp_read_grown_makes_list_list_the_folder(string change)
    {
        await Samples.CompletedDeployAsync(_root);
        await Samples.CompletedDeployAsync(_root);
        await StampAsync();
        var later = await Samples.StartPausedDeployAsync(_root);
        var lines = File.ReadAllLines(Journal);
        switch (change)
        {
            case "truncated": File.WriteAllText(Journal, lines[0] + "\n"); break;
            // Longer than the stamp's length, but other bytes before it.
            case "replaced": File.WriteAllText(Journal, string.Join("", lines.Reverse().Select(l => l + "\n")) + "exec_20260103T000000Z_other\n"); break;
            case "missing": File.Delete(Journal); break;
            case "not grown": File.WriteAllText(Journal, string.Join("", lines.Take(2).Select(l => l + "\n"))); break;
        }

        var (list, listings) = await ListAsync("--json");

        Assert.Equal(1, listings);
        Assert.Contains(later, Ids(list));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_index_rewritten_since_the_stamp_makes_list_list_the_folder(bool longer)
    {
        var first = await Samples.CompletedDeployAsync(_root);
        var second = await Samples.CompletedDeployAsync(_root);
        await StampAsync();
        var later = await Samples.CompletedDeployAsync(_root);
        var index = FinishedIndex.FilePath(Layout);
        var lines = File.ReadAllLines(index);
        // The same lines in another order (the same length), or with a line before them (longer): not appended to.
        File.WriteAllLines(index, longer ? [lines[2].Replace(later, "exec_20200101T000000Z_gone", StringComparison.Ordinal), .. lines] : [lines[1], lines[0], lines[2]]);

        var (list, listings) = await ListAsync("--json");

        Assert.Equal(1, listings);
        Assert.Equal([later, second, first], Ids(list));
    }

    [Fact]
    public async Task A_history_made_by_hand_with_no_run_since_makes_list_list_the_folder()
    {
        var template = await Samples.CompletedDeployAsync(_root);
        await StampAsync();
        File.Copy(Layout.HistoryFile(template), Layout.HistoryFile("exec_20260102T000000Z_byhand"));

        var (list, listings) = await ListAsync("--json");

        Assert.Equal(1, listings);
        Assert.Contains("exec_20260102T000000Z_byhand", Ids(list));
    }

    [Fact]
    public async Task A_run_whose_journal_line_cannot_be_written_deletes_the_stamp()
    {
        await Samples.CompletedDeployAsync(_root);
        await StampAsync();
        // A folder where the journal should be: the line cannot be appended.
        File.Delete(Journal);
        Directory.CreateDirectory(Journal);

        var later = await Samples.StartPausedDeployAsync(_root);

        Assert.False(File.Exists(StampFile));
        var (list, listings) = await ListAsync("--json");
        Assert.Equal(1, listings);
        Assert.Contains(later, Ids(list));
    }

    [Fact]
    public async Task The_store_does_not_create_the_index_folder_for_the_journal()
    {
        using var store = new FileSystemExecutionStore(Layout);
        await using (await store.AcquireLeaseAsync("exec_20260102T000000Z_direct", CancellationToken.None))
        {
            await store.AppendAsync("exec_20260102T000000Z_direct", [new ExecutionEvent { Kind = ExecutionEventKind.ExecutionCreated, ExecutionId = "exec_20260102T000000Z_direct", Workflow = "w" }], flushToDisk: false, CancellationToken.None);
        }

        Assert.True(File.Exists(Layout.HistoryFile("exec_20260102T000000Z_direct")));
        Assert.False(Directory.Exists(Path.GetDirectoryName(Journal)));
    }

    [Theory]
    [InlineData("repair")]
    [InlineData("archive")]
    [InlineData("clean")]
    public async Task A_maintenance_command_deletes_the_stamp(string command)
    {
        await Samples.CompletedDeployAsync(_root);
        await StampAsync();

        var result = await Irlexec.RunAsync(command, "--root", _root.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.False(File.Exists(StampFile));
    }

    [Fact]
    public async Task A_restored_root_keeps_no_stamp_from_its_backup()
    {
        await Samples.CompletedDeployAsync(_root);
        await StampAsync();
        var archive = _root["backup.tar.gz"];
        var backup = await Irlexec.RunAsync("backup", "--root", _root.Path, "--output", archive);
        Assert.True(backup.ExitCode == ExitCodes.Ok, backup.ToString());
        using var restored = new TempRoot();

        var restore = await Irlexec.RunAsync("restore", archive, "--root", restored.Path);

        Assert.True(restore.ExitCode == ExitCodes.Ok, restore.ToString());
        Assert.False(File.Exists(StateListingStamp.FilePath(restored.Layout)));
    }

    [SkippableFact]
    public async Task A_read_only_root_is_listed_from_the_stamp_and_the_journal_as_a_listing_lists_it()
    {
        using var disk = new SmallDisk(sizeKiB: 8192);
        disk.SkipUnlessAvailable();
        var root = Path.Combine(disk.Path, "root");
        var layout = new ExecutionLayout(root);
        Directory.CreateDirectory(layout.ExecutionDirectory);
        Assert.Equal(ExitCodes.Paused, (await RunDeployAsync(root)).ExitCode);
        Age(layout);
        await ListAtAsync(root, "--json");
        Assert.True(File.Exists(StateListingStamp.FilePath(layout)));
        Assert.Equal(ExitCodes.Paused, (await RunDeployAsync(root)).ExitCode);
        var stamp = File.ReadAllText(StateListingStamp.FilePath(layout));
        var writable = await ListAtAsync(root, "--json");
        disk.MakeReadOnly();

        var readOnly = await ListAtAsync(root, "--json");

        Assert.Equal(0, writable.Listings);
        Assert.Equal(0, readOnly.Listings);
        Assert.Equal(writable.Result.ToString(), readOnly.Result.ToString());
        Assert.Equal(2, Ids(readOnly.Result).Count);
        Assert.Equal(stamp, File.ReadAllText(StateListingStamp.FilePath(layout)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_randomised_root_is_listed_from_the_journal_with_the_rows_a_listing_gives(int seed)
    {
        var random = new Random(seed);
        var paused = new List<string>();
        var histories = new List<string>();
        var waiting = new List<string>(); // in-flight creations whose history comes later
        var number = 0;
        async Task StepAsync(bool mayDamage)
        {
            switch (random.Next(mayDamage ? 6 : 4))
            {
                case 0 or 1:
                    var id = await Samples.StartPausedDeployAsync(_root);
                    paused.Add(id);
                    histories.Add(id);
                    break;
                case 2:
                    histories.Add(await Samples.CompletedDeployAsync(_root));
                    break;
                case 3 when paused.Count > 0:
                    var resumed = paused[random.Next(paused.Count)];
                    paused.Remove(resumed);
                    var result = await Irlexec.RunAsync("resume", resumed, "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "approved_by=samson");
                    Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
                    break;
                case 4 when histories.Count > 0:
                    // A creation under way (its history comes at the next step, or never).
                    var inFlight = $"exec_20260102T0000{number++:00}Z_inflight";
                    BeginCreation(inFlight);
                    if (random.Next(2) == 0) waiting.Add(inFlight);
                    break;
                case 5 when histories.Count > 0:
                    // An empty history, created as a runner creates one (journal line first): listed as DAMAGED.
                    var empty = $"exec_20260102T0000{number++:00}Z_empty";
                    BeginCreation(empty);
                    File.WriteAllBytes(Layout.HistoryFile(empty), []);
                    break;
                default:
                    histories.Add(await Samples.StartPausedDeployAsync(_root));
                    break;
            }
            if (histories.Count > 0)
            {
                foreach (var id in waiting) File.Copy(Layout.HistoryFile(histories[random.Next(histories.Count)]), Layout.HistoryFile(id));
                waiting.Clear();
            }
        }
        for (var i = random.Next(2, 5); i > 0; i--) await StepAsync(mayDamage: true);
        await StampAsync();
        for (var i = random.Next(1, 4); i > 0; i--) await StepAsync(mayDamage: true);
        histories.Add(await Samples.StartPausedDeployAsync(_root)); // at least one run since the stamp

        foreach (var options in new[] { new[] { "--json" }, ["--limit", "1"], ["--json", "--limit", "0"] })
        {
            var (list, listings) = await ListAsync(options);
            var listed = await FullListingAsync(options);

            Assert.Equal(0, listings);
            Assert.Equal(listed.ToString(), list.ToString());
        }
    }

    // What a runner leaves before it creates an execution's history: the lock file of its lease, and the journal line.
    private void BeginCreation(string id)
    {
        File.WriteAllBytes(Layout.LockFile(id), []);
        File.AppendAllText(Journal, id + "\n");
    }

    // A listing that leaves a stamp (the folder and the index as a root unchanged for an hour has them).
    private async Task StampAsync()
    {
        Age();
        File.Delete(StampFile);
        var (_, listings) = await ListAsync("--json");
        Assert.Equal(1, listings);
        Assert.True(File.Exists(StampFile));
    }

    // list as it shows the root when it lists the folder (the stamp deleted first, and put back after).
    private async Task<CliResult> FullListingAsync(params string[] options)
    {
        var stamp = File.ReadAllBytes(StampFile);
        File.Delete(StampFile);
        var (list, listings) = await ListAsync(options);
        Assert.Equal(1, listings);
        File.WriteAllBytes(StampFile, stamp);
        return list;
    }

    private void Age() => Age(Layout);

    private static void Age(ExecutionLayout layout) => ListingProbe.Age(layout);

    private static Task<CliResult> RunDeployAsync(string root) =>
        Irlexec.RunAsync("run", "deploy", "--root", root, "--assembly", Samples.Deploy, "--var", "version=1.4.2", "--var", "environment=staging", "--json");

    private Task<(CliResult Result, int Listings)> ListAsync(params string[] options) => ListAtAsync(_root.Path, options);

    // Runs list in the test's boot, counting the listings of execution/state/ it makes.
    private Task<(CliResult Result, int Listings)> ListAtAsync(string root, params string[] options) => ListingProbe.ListAsync(root, _boot, options);

    private static List<string> Ids(CliResult list) => ListingProbe.Ids(list);
}

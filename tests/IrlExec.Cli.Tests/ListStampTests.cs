using IrlExec.Cli.Commands;
using IrlExec.Cli.Tests.Support;
using IrlExec.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>
/// <c>irlexec list</c> learns which executions a root holds from one listing of <c>execution/state/</c>, and leaves a stamp
/// (<c>execution/index/state-listing.txt</c>) so that, while that folder and the index of finished executions are
/// unchanged, the next <c>list</c> does not list the folder again. Whichever way, it shows the same: every execution, also
/// one that neither the index nor the active list names.
/// </summary>
public sealed class ListStampTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private ExecutionLayout Layout => _root.Layout;

    private string StampFile => StateListingStamp.FilePath(Layout);

    [Fact]
    public async Task An_unchanged_root_is_listed_from_the_stamp_without_listing_state_and_shows_the_same()
    {
        var paused = await Samples.StartPausedDeployAsync(_root);
        var completed = await Samples.CompletedDeployAsync(_root);
        Age();

        var first = await ListAsync("--json");
        var second = await ListAsync("--json");

        Assert.Equal(1, first.Listings);
        Assert.True(File.Exists(StampFile));
        Assert.Equal(0, second.Listings);
        Assert.Equal(first.Result.ToString(), second.Result.ToString());
        Assert.Equal([paused, completed], Ids(second.Result));
    }

    [Fact]
    public async Task An_empty_history_added_after_the_stamp_is_listed_as_DAMAGED()
    {
        var paused = await Samples.StartPausedDeployAsync(_root);
        var completed = await Samples.CompletedDeployAsync(_root);
        Age();
        await ListAsync("--json");
        File.WriteAllBytes(Layout.HistoryFile("exec_20260101T000000Z_empty"), []);

        var (list, listings) = await ListAsync("--json");

        Assert.Equal(1, listings);
        Assert.Equal(ExitCodes.DamagedFile, list.ExitCode);
        var rows = Rows(list);
        Assert.Equal(3, rows.Count);
        Assert.Contains(paused, rows.Keys);
        Assert.Contains(completed, rows.Keys);
        Assert.Equal("DAMAGED", rows["exec_20260101T000000Z_empty"].GetProperty("status").GetString());
        Assert.Contains("the history is empty (0 bytes)", rows["exec_20260101T000000Z_empty"].GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_execution_deleted_after_the_stamp_is_no_longer_listed()
    {
        var kept = await Samples.CompletedDeployAsync(_root);
        var deleted = await Samples.CompletedDeployAsync(_root);
        Age();
        Assert.Equal(2, Ids((await ListAsync("--json")).Result).Count);
        foreach (var file in Directory.GetFiles(Layout.StateDirectory, deleted + ".*")) File.Delete(file);

        var (list, listings) = await ListAsync("--json");

        Assert.Equal(1, listings);
        Assert.True(list.ExitCode == ExitCodes.Ok, list.ToString());
        Assert.Equal([kept], Ids(list));
    }

    [Fact]
    public async Task A_paused_execution_stays_listed_from_the_stamp_while_the_active_list_is_damaged()
    {
        var paused = await Samples.StartPausedDeployAsync(_root);
        var completed = await Samples.CompletedDeployAsync(_root);
        File.WriteAllText(Layout.ActiveWorkflowsFile, "{ not json");
        Age();
        await ListAsync("--json");
        // Set aside as damaged and rebuilt empty, as a runner opening the root does.
        File.Move(Layout.ActiveWorkflowsFile, Layout.ActiveWorkflowsFile + ".damaged-20260101T000000Z");
        File.WriteAllText(Layout.ActiveWorkflowsFile, "{ still not json");

        var (list, listings) = await ListAsync("--json");

        Assert.Equal(0, listings);
        var rows = Rows(list);
        Assert.Equal("PAUSED", rows[paused].GetProperty("status").GetString());
        Assert.True(rows[paused].GetProperty("active").GetBoolean());
        Assert.Contains(completed, rows.Keys);
    }

    [Fact]
    public async Task No_stamp_is_taken_of_a_folder_changed_in_the_instant_before_the_listing()
    {
        await Samples.CompletedDeployAsync(_root);

        // The folder and the index have just changed: a change in the same tick of their clock could still come unseen.
        Touch();
        var first = await ListAsync();
        Touch();
        var second = await ListAsync();

        Assert.Equal(1, first.Listings);
        Assert.Equal(1, second.Listings);
        Assert.False(File.Exists(StampFile));
    }

    [Fact]
    public async Task A_stamp_that_says_it_was_taken_in_the_same_tick_as_the_folder_s_time_is_not_trusted()
    {
        await Samples.StartPausedDeployAsync(_root);
        Age();
        await ListAsync();
        var stamp = StateListingStamp.Read(Layout)!;
        var lines = File.ReadAllLines(StampFile);
        File.WriteAllLines(StampFile, lines.Select(l => l.StartsWith("listed ", StringComparison.Ordinal) ? "listed " + (stamp.StateModified + 1) : l));

        var racy = await ListAsync();
        var after = await ListAsync();

        Assert.Equal(1, racy.Listings);
        // That listing took a stamp of its own: the folder's time is safely older than it.
        Assert.Equal(0, after.Listings);
        Assert.Equal(racy.Result.ToString(), after.Result.ToString());
    }

    [Theory]
    [InlineData("garbage\n")]
    [InlineData("")]
    [InlineData("irlexec state-listing 2\nstate 1\nindex none\nlisted 1\nend\n")]
    [InlineData("cut short")]
    [InlineData("history ../escape")]
    [InlineData("skip 1 99999999")]
    public async Task A_stamp_that_cannot_be_read_is_ignored_the_folder_is_listed_and_the_stamp_rewritten(string damage)
    {
        var paused = await Samples.StartPausedDeployAsync(_root);
        var completed = await Samples.CompletedDeployAsync(_root);
        Age();
        var good = await ListAsync("--json");
        var text = File.ReadAllText(StampFile);
        File.WriteAllText(StampFile, damage switch
        {
            "cut short" => text[..text.IndexOf("end\n", StringComparison.Ordinal)],
            "history ../escape" or "skip 1 99999999" => text.Replace("end\n", damage + "\nend\n", StringComparison.Ordinal),
            _ => damage,
        });

        var damaged = await ListAsync("--json");
        var rewritten = await ListAsync("--json");

        Assert.Equal(1, damaged.Listings);
        Assert.Equal(good.Result.ToString(), damaged.Result.ToString());
        Assert.Equal([paused, completed], Ids(damaged.Result));
        Assert.Equal(0, rewritten.Listings);
        // The same stamp as the good one, but for when its listing began.
        Assert.Equal(WithoutListed(text), WithoutListed(File.ReadAllText(StampFile)));
    }

    [Fact]
    public async Task An_index_changed_or_removed_since_the_stamp_makes_list_list_the_folder()
    {
        var first = await Samples.CompletedDeployAsync(_root);
        var second = await Samples.CompletedDeployAsync(_root);
        Age();
        await ListAsync("--json");
        var index = FinishedIndex.FilePath(Layout);
        var lines = File.ReadAllLines(index);
        // A later line for an execution wins: the index now says the second one finished first.
        File.AppendAllText(index, lines.Single(l => l.Contains(second, StringComparison.Ordinal)).Replace("\"updated\":\"20", "\"updated\":\"19", StringComparison.Ordinal) + "\n");
        File.SetLastWriteTimeUtc(index, DateTime.UtcNow.AddHours(-1));

        var appended = await ListAsync("--json", "--limit", "1");
        File.Delete(index);
        var removed = await ListAsync("--json");

        Assert.Equal(1, appended.Listings);
        Assert.Equal([first], Ids(appended.Result));
        Assert.Equal(1, removed.Listings);
        Assert.Contains("lacks 2 finished execution(s)", removed.Result.Error);
        Assert.Equal(2, Ids(removed.Result).Count);
    }

    [Theory]
    [InlineData]
    [InlineData("--json")]
    [InlineData("--limit", "0")]
    [InlineData("--limit", "1")]
    [InlineData("--json", "--limit", "2")]
    public async Task A_root_with_damage_of_every_kind_is_listed_the_same_from_the_stamp_as_from_a_listing(params string[] options)
    {
        var paused = await Samples.StartPausedDeployAsync(_root);
        var done = new List<string>();
        for (var i = 0; i < 4; i++) done.Add(await Samples.CompletedDeployAsync(_root));
        var lost = await Samples.StartPausedDeployAsync(_root);
        File.Delete(Layout.HistoryFile(lost)); // listed from its markdown
        File.WriteAllBytes(Layout.HistoryFile("exec_20260101T000000Z_empty"), []); // DAMAGED
        File.WriteAllText(Path.Combine(Layout.StateDirectory, "quarantine-state.json"), "{\"kept\":true}"); // a workflow's own file
        var index = FinishedIndex.FilePath(Layout);
        var lines = File.ReadAllLines(index).ToList();
        var line = (string id) => lines.Single(l => l.Contains(id, StringComparison.Ordinal));
        var older = (string l) => l.Replace("\"updated\":\"20", "\"updated\":\"19", StringComparison.Ordinal);
        File.WriteAllLines(index, [
            older(line(done[0])), // a later line for it wins
            .. lines.Where(l => !l.Contains(done[3], StringComparison.Ordinal)), // not indexed: read, with a warning
            "not json",
            older(line(done[1])), // now the oldest
            line(done[0]).Replace(done[0], "exec_20200101T000000Z_gone", StringComparison.Ordinal), // no such execution
        ]);
        Age();
        File.Delete(StampFile);
        var listed = await ListAsync([.. options]);
        var stamped = await ListAsync([.. options]);

        Assert.Equal(1, listed.Listings);
        Assert.Equal(0, stamped.Listings);
        Assert.Equal(listed.Result.ToString(), stamped.Result.ToString());
        Assert.Equal(ExitCodes.DamagedFile, stamped.Result.ExitCode);
        Assert.Contains("lacks 1 finished execution(s) and has 1 unreadable line(s)", stamped.Result.Error);
        foreach (var id in new[] { paused, lost, "exec_20260101T000000Z_empty" }) Assert.Contains(id, stamped.Result.Out);
        Assert.DoesNotContain("exec_20200101T000000Z_gone", stamped.Result.Out);
        Assert.DoesNotContain("quarantine-state", stamped.Result.Out);
    }

    [SkippableFact]
    public async Task A_read_only_root_is_listed_in_full_each_time_without_a_stamp()
    {
        using var disk = new SmallDisk(sizeKiB: 8192);
        disk.SkipUnlessAvailable();
        var root = Path.Combine(disk.Path, "root");
        var layout = new ExecutionLayout(root);
        Directory.CreateDirectory(layout.ExecutionDirectory);
        var started = await Irlexec.RunAsync("run", "deploy", "--root", root, "--assembly", Samples.Deploy, "--var", "version=1.4.2", "--var", "environment=staging", "--json");
        Assert.True(started.ExitCode == ExitCodes.Paused, started.ToString());
        Age(layout);
        var writable = await ListAtAsync(root, "--json");
        File.Delete(StateListingStamp.FilePath(layout));
        Age(layout);
        disk.MakeReadOnly();

        var first = await ListAtAsync(root, "--json");
        var second = await ListAtAsync(root, "--json");

        Assert.Equal(writable.Result.ToString(), first.Result.ToString());
        Assert.Equal(writable.Result.ToString(), second.Result.ToString());
        Assert.Equal(1, first.Listings);
        Assert.Equal(1, second.Listings);
        Assert.False(File.Exists(StateListingStamp.FilePath(layout)));
    }

    [SkippableFact]
    public async Task A_root_on_a_full_disk_is_listed_in_full_without_a_stamp()
    {
        using var disk = new SmallDisk(sizeKiB: 8192);
        disk.SkipUnlessAvailable();
        var root = Path.Combine(disk.Path, "root");
        var layout = new ExecutionLayout(root);
        Directory.CreateDirectory(layout.ExecutionDirectory);
        var started = await Irlexec.RunAsync("run", "deploy", "--root", root, "--assembly", Samples.Deploy, "--var", "version=1.4.2", "--var", "environment=staging", "--json");
        Assert.True(started.ExitCode == ExitCodes.Paused, started.ToString());
        Age(layout);
        var writable = await ListAtAsync(root, "--json");
        File.Delete(StateListingStamp.FilePath(layout));
        disk.Fill();
        Age(layout);

        var full = await ListAtAsync(root, "--json");

        Assert.Equal(writable.Result.ToString(), full.Result.ToString());
        Assert.Equal(1, full.Listings);
        Assert.False(File.Exists(StateListingStamp.FilePath(layout)));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(StateListingStamp.FilePath(layout))!, ".*.tmp"));
    }

    // The folder and the index as they are just after a change.
    private void Touch()
    {
        Directory.SetLastWriteTimeUtc(Layout.StateDirectory, DateTime.UtcNow);
        File.SetLastWriteTimeUtc(FinishedIndex.FilePath(Layout), DateTime.UtcNow);
    }

    private static string WithoutListed(string stamp) => string.Join('\n', stamp.Split('\n').Where(l => !l.StartsWith("listed ", StringComparison.Ordinal)));

    // The folder and the index as a root that has not changed for an hour has them.
    private void Age() => Age(Layout);

    private static void Age(ExecutionLayout layout) => ListingProbe.Age(layout);

    private Task<(CliResult Result, int Listings)> ListAsync(params string[] options) => ListAtAsync(_root.Path, options);

    // Runs list, counting the listings of execution/state/ it makes.
    private static Task<(CliResult Result, int Listings)> ListAtAsync(string root, params string[] options) => ListingProbe.ListAsync(root, boot: null, options);

    private static List<string> Ids(CliResult list) => ListingProbe.Ids(list);

    private static Dictionary<string, System.Text.Json.JsonElement> Rows(CliResult list) =>
        list.Json().GetProperty("executions").EnumerateArray().ToDictionary(e => e.GetProperty("execution_id").GetString()!, e => e);
}

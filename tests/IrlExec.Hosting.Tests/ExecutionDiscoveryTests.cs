using IrlExec.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace IrlExec.Hosting.Tests;

/// <summary>Which executions the history scan of a filesystem root looks at, and when it lists <c>state/</c> again.</summary>
public sealed class ExecutionDiscoveryTests : IDisposable
{
    private readonly TempRoot _root = new();
    private readonly ExecutionLayout _layout;
    private readonly FakeTimeProvider _clock = new();

    public ExecutionDiscoveryTests() => _layout = new ExecutionLayout(_root.Path);

    public void Dispose() => _root.Dispose();

    private string State => _layout.StateDirectory;

    private void History(string id) => File.WriteAllText(Path.Combine(State, id + ".history.jsonl"), "");

    private void FolderTime(DateTime utc) => Directory.SetLastWriteTimeUtc(State, utc);

    private StateFolderDiscovery Discovery() => (StateFolderDiscovery)ExecutionDiscovery.For(new FileSystemExecutionStore(_layout), _clock);

    private async Task<IReadOnlyList<string>?> NextPollAsync(ExecutionDiscovery discovery)
    {
        _clock.Advance(TimeSpan.FromHours(1)); // past any wait after the last listing
        return await discovery.ListIfChangedAsync(default);
    }

    [Fact]
    public async Task The_first_listing_names_every_history_and_nothing_else_in_the_folder()
    {
        Directory.CreateDirectory(State);
        History("exec_b");
        History("exec_a");
        File.WriteAllText(Path.Combine(State, "exec_a.lock"), "");
        Directory.CreateDirectory(Path.Combine(State, "exec_c.history.jsonl.d"));

        var listed = await Discovery().ListIfChangedAsync(default);

        Assert.Equal(["exec_a", "exec_b"], listed);
    }

    [Fact]
    public async Task A_root_without_a_state_folder_lists_no_execution()
    {
        Assert.Empty((await Discovery().ListIfChangedAsync(default))!);
    }

    [Fact]
    public async Task A_state_folder_that_has_not_changed_since_a_trusted_listing_is_not_listed_again()
    {
        Directory.CreateDirectory(State);
        History("exec_a");
        var old = DateTime.UtcNow.AddHours(-1);
        FolderTime(old);
        var discovery = Discovery();
        await discovery.ListIfChangedAsync(default);

        // A history that appears without changing the folder's time is not seen: the folder was not listed again.
        History("exec_b");
        FolderTime(old);

        Assert.Null(await NextPollAsync(discovery));
    }

    [Fact]
    public async Task A_history_created_after_the_listing_is_listed_at_the_next_poll()
    {
        Directory.CreateDirectory(State);
        History("exec_a");
        FolderTime(DateTime.UtcNow.AddHours(-1));
        var discovery = Discovery();
        await discovery.ListIfChangedAsync(default);

        History("exec_b");

        Assert.Equal(["exec_a", "exec_b"], await NextPollAsync(discovery));
    }

    [Fact]
    public async Task A_deleted_history_is_not_in_the_next_listing()
    {
        Directory.CreateDirectory(State);
        History("exec_a");
        History("exec_b");
        FolderTime(DateTime.UtcNow.AddHours(-1));
        var discovery = Discovery();
        await discovery.ListIfChangedAsync(default);

        File.Delete(Path.Combine(State, "exec_a.history.jsonl"));

        Assert.Equal(["exec_b"], await NextPollAsync(discovery));
    }

    [Fact]
    public async Task A_folder_time_too_recent_to_trust_makes_the_next_poll_list_again_even_if_it_did_not_change()
    {
        // A history created in the same tick of the file system's clock as the time read leaves the time as it was.
        Directory.CreateDirectory(State);
        History("exec_a");
        var recent = DateTime.UtcNow.AddMilliseconds(-500);
        FolderTime(recent);
        var discovery = Discovery();
        await discovery.ListIfChangedAsync(default);

        History("exec_b");
        FolderTime(recent);

        Assert.Equal(["exec_a", "exec_b"], await NextPollAsync(discovery));
    }

    [Fact]
    public async Task After_a_listing_a_change_is_not_listed_before_the_wait_its_duration_sets()
    {
        Directory.CreateDirectory(State);
        History("exec_a");
        var listingTakes = TimeSpan.FromMilliseconds(300);
        _clock.AutoAdvanceAmount = listingTakes; // every reading of the clock moves it: the listing between two readings "takes" this
        var discovery = Discovery();
        await discovery.ListIfChangedAsync(default);
        _clock.AutoAdvanceAmount = TimeSpan.Zero;

        History("exec_b");

        Assert.Null(await discovery.ListIfChangedAsync(default));
        _clock.Advance(listingTakes * StateFolderDiscovery.ListingShare);
        Assert.Equal(["exec_a", "exec_b"], await discovery.ListIfChangedAsync(default));
    }

    [Fact]
    public async Task The_first_listing_puts_the_executions_the_finished_index_does_not_name_first()
    {
        Directory.CreateDirectory(State);
        foreach (var id in new[] { "exec_a", "exec_b", "exec_c", "exec_d" }) History(id);
        Directory.CreateDirectory(Path.GetDirectoryName(FinishedIndex.FilePath(_layout))!);
        File.WriteAllText(FinishedIndex.FilePath(_layout),
            """{"updated":"2026-12-06T10:00:00+00:00","id":"exec_a","status":"COMPLETED_SUCCESS","workflow":"w","run":"w-20261206-001"}""" + "\n"
            + """{"updated":"2026-12-06T10:00:01+00:00","id":"exec_c","status":"COMPLETED_FAILURE","workflow":"w","run":"w-20261206-003"}""" + "\n");

        var listed = await Discovery().ListIfChangedAsync(default);

        Assert.Equal(["exec_b", "exec_d", "exec_a", "exec_c"], listed);
    }

    [Fact]
    public async Task A_store_that_is_not_a_filesystem_root_is_asked_at_every_poll()
    {
        var store = new InMemoryExecutionStore();
        var discovery = ExecutionDiscovery.For(store, _clock);
        Assert.Empty((await discovery.ListIfChangedAsync(default))!);

        await store.AppendAsync("exec_a", [new ExecutionEvent { Sequence = 1, Timestamp = DateTimeOffset.UtcNow, Kind = ExecutionEventKind.ExecutionCreated, ExecutionId = "exec_a", Workflow = "w", Goal = "w", Mode = ExecutionMode.Execution, RunLabel = "w-20261206-001" }], flushToDisk: false, default);

        Assert.Equal(["exec_a"], await discovery.ListIfChangedAsync(default));
    }
}

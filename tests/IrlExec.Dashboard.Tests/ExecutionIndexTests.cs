using IrlExec.Dashboard.Data;
using IrlExec.Dashboard.Tests.Support;

namespace IrlExec.Dashboard.Tests;

/// <summary>The index of executions behind the list: what a refresh reads, and what it publishes.</summary>
public sealed class ExecutionIndexTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_refresh_of_named_executions_reads_those_only()
    {
        using var root = new TempRoot();
        using var store = new FileSystemExecutionStore(root.Path);
        var ids = await SyntheticHistories.FillAsync(store, 3);
        using var index = new ExecutionIndex(store);
        await index.RefreshAsync(CancellationToken.None);
        using var changes = index.Changes.Subscribe();

        // Executions 0 (running) and 1 (paused) both gain a record; only 1 is named.
        foreach (var id in ids.Take(2))
        {
            var next = (await store.ReadAsync(id, default))!.Count + 1;
            await store.AppendAsync(id, [new ExecutionEvent { Sequence = next, Timestamp = Start, Kind = ExecutionEventKind.LogWritten, Level = ExecutionLogLevel.Info, Message = "more" }], false, default);
        }
        await index.RefreshAsync([ids[1]], CancellationToken.None);
        Assert.True(changes.Reader.TryRead(out var change));
        Assert.Equal(ids[1], change.Id);
        Assert.False(changes.Reader.TryRead(out _));

        // A full refresh finds the other one.
        await index.RefreshAsync(CancellationToken.None);
        Assert.True(changes.Reader.TryRead(out change));
        Assert.Equal(ids[0], change.Id);
        Assert.False(changes.Reader.TryRead(out _));
    }

    [Fact]
    public async Task An_execution_whose_history_is_removed_leaves_the_list()
    {
        using var root = new TempRoot();
        using var store = new FileSystemExecutionStore(root.Path);
        var ids = await SyntheticHistories.FillAsync(store, 2);
        using var index = new ExecutionIndex(store);
        await index.RefreshAsync(CancellationToken.None);
        using var changes = index.Changes.Subscribe();

        File.Delete(store.Layout.HistoryFile(ids[0]));
        await index.RefreshAsync([ids[0]], CancellationToken.None);

        Assert.True(changes.Reader.TryRead(out var change));
        Assert.True(change.Removed);
        Assert.Equal([ids[1]], index.Current.Ordered.Select(s => s.Id));
    }

    [Fact]
    public async Task A_refresh_that_finds_nothing_new_publishes_nothing_and_keeps_the_snapshot()
    {
        var store = new InMemoryExecutionStore();
        await SyntheticHistories.FillAsync(store, 100);
        using var index = new ExecutionIndex(store);
        await index.RefreshAsync(CancellationToken.None);
        var before = index.Current;
        using var changes = index.Changes.Subscribe();

        await index.RefreshAsync(CancellationToken.None);

        Assert.Same(before, index.Current);
        Assert.False(changes.Reader.TryRead(out _));
        Assert.Equal(100, before.Ordered.Length);
        Assert.Equal((2, 4, 94), (before.Active, before.Paused, before.Recent));
    }
}

using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>Run labels (<c>&lt;workflow&gt;-&lt;date&gt;-&lt;NNN&gt;</c>) from the filesystem store.</summary>
public sealed class RunLabelTests
{
    private static readonly DateTimeOffset Day = new(2026, 2, 8, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_new_label_follows_the_highest_number_already_on_disk_for_that_day()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.LogsDirectory);
        foreach (var n in new[] { 1, 2, 9 }) File.WriteAllText(root.Layout.LogFile($"report-2026-02-08-{n:000}"), "");
        File.WriteAllText(root.Layout.LogFile("report-2026-02-07-050"), ""); // another day does not count
        File.WriteAllText(root.Layout.LogFile("other-2026-02-08-070"), "");  // nor does another workflow
        using var store = new FileSystemExecutionStore(root.Layout);

        var label = await store.ReserveRunLabelAsync("report", Day, default);

        Assert.Equal("report-2026-02-08-010", label);
    }

    [Fact]
    public async Task Labels_taken_by_another_process_after_the_store_looked_are_skipped()
    {
        using var root = new TempRoot();
        using var store = new FileSystemExecutionStore(root.Layout);
        Assert.Equal("report-2026-02-08-001", await store.ReserveRunLabelAsync("report", Day, default));
        File.WriteAllText(root.Layout.LogFile("report-2026-02-08-002"), ""); // as if another process reserved it

        var label = await store.ReserveRunLabelAsync("report", Day, default);

        Assert.Equal("report-2026-02-08-003", label);
    }

    [Fact]
    public async Task A_number_put_in_logs_by_hand_after_a_reservation_is_followed_by_the_next()
    {
        using var root = new TempRoot();
        using var store = new FileSystemExecutionStore(root.Layout);
        Assert.Equal("report-2026-02-08-001", await store.ReserveRunLabelAsync("report", Day, default));
        File.WriteAllText(root.Layout.LogFile("report-2026-02-08-009"), ""); // a log restored, or put there by hand

        var label = await store.ReserveRunLabelAsync("report", Day, default);

        Assert.Equal("report-2026-02-08-010", label);
    }

    [Fact]
    public async Task Removed_logs_are_not_counted_by_the_next_reservation()
    {
        using var root = new TempRoot();
        using var store = new FileSystemExecutionStore(root.Layout);
        for (var i = 0; i < 3; i++) await store.ReserveRunLabelAsync("report", Day, default);
        File.Delete(root.Layout.LogFile("report-2026-02-08-003")); // cleaned up, or archived

        var label = await store.ReserveRunLabelAsync("report", Day, default);

        Assert.Equal("report-2026-02-08-003", label);
    }

    [Fact]
    public async Task Reservations_keep_the_highest_number_of_each_workflow_in_a_hint_beside_the_index()
    {
        using var root = new TempRoot();
        using var store = new FileSystemExecutionStore(root.Layout);
        await store.ReserveRunLabelAsync("report", Day, default);
        await store.ReserveRunLabelAsync("report", Day, default);
        await store.ReserveRunLabelAsync("other", Day, default);

        var hint = File.ReadAllText(Path.Combine(root.Layout.ExecutionDirectory, "index", "run-numbers.txt"));

        var lines = hint.Split('\n');
        Assert.Equal("2026-02-08", lines[0]);
        Assert.Equal(Directory.GetLastWriteTimeUtc(root.Layout.LogsDirectory).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[1]);
        Assert.Equal(["other-2026-02-08- 1", "report-2026-02-08- 2", ""], lines[2..]);
    }

    [Fact]
    public async Task A_hint_that_agrees_with_the_logs_folder_is_trusted_without_listing_it()
    {
        using var root = new TempRoot();
        using var store = new FileSystemExecutionStore(root.Layout);
        await store.ReserveRunLabelAsync("report", Day, default);
        var hint = Path.Combine(root.Layout.ExecutionDirectory, "index", "run-numbers.txt");
        // The hint says 41 while the folder, unchanged since, holds 001: the hint is what the reservation reads.
        File.WriteAllText(hint, File.ReadAllText(hint).Replace("report-2026-02-08- 1", "report-2026-02-08- 41", StringComparison.Ordinal));

        var label = await store.ReserveRunLabelAsync("report", Day, default);

        Assert.Equal("report-2026-02-08-042", label);
    }

    [Theory]
    [InlineData("another time")]
    [InlineData("another day")]
    [InlineData("cut short")]
    [InlineData("not a hint")]
    public async Task A_hint_that_does_not_agree_with_the_logs_folder_or_cannot_be_read_is_ignored(string damage)
    {
        using var root = new TempRoot();
        using var store = new FileSystemExecutionStore(root.Layout);
        await store.ReserveRunLabelAsync("report", Day, default);
        var hint = Path.Combine(root.Layout.ExecutionDirectory, "index", "run-numbers.txt");
        var lines = File.ReadAllText(hint).Replace("report-2026-02-08- 1", "report-2026-02-08- 41", StringComparison.Ordinal).Split('\n');
        var text = damage switch
        {
            "another time" => string.Join('\n', [lines[0], (long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), .. lines[2..]]),
            "another day" => string.Join('\n', ["2026-02-07", .. lines[1..]]).Replace("2026-02-08-", "2026-02-07-", StringComparison.Ordinal),
            "cut short" => string.Join('\n', lines)[..^1],
            _ => "{ \"report\": 41 }\n",
        };
        File.WriteAllText(hint, text);

        var label = await store.ReserveRunLabelAsync("report", Day, default);

        Assert.Equal("report-2026-02-08-002", label);
    }

    [Fact]
    public async Task The_hint_is_rewritten_in_place_not_replaced_by_a_new_file()
    {
        if (!OperatingSystem.IsLinux()) return; // the second name is a hard link (libc link)
        using var root = new TempRoot();
        using var store = new FileSystemExecutionStore(root.Layout);
        await store.ReserveRunLabelAsync("report", Day, default);
        var hint = Path.Combine(root.Layout.ExecutionDirectory, "index", "run-numbers.txt");
        // A second name of the hint's file: it shows what is written into that file, and only that.
        var sameFile = Path.Combine(root.Path, "run-numbers.same-file");
        Assert.True(FileExchange.TryLink(hint, sameFile));

        await store.ReserveRunLabelAsync("report", Day, default);

        Assert.EndsWith("report-2026-02-08- 2\n", File.ReadAllText(sameFile), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(hint), File.ReadAllText(sameFile));
    }

    [Fact]
    public async Task A_shorter_hint_written_over_a_longer_one_keeps_nothing_of_it()
    {
        using var root = new TempRoot();
        using var store = new FileSystemExecutionStore(root.Layout);
        foreach (var workflow in new[] { "report", "billing-summary", "nightly-cleanup" }) await store.ReserveRunLabelAsync(workflow, Day, default);

        await store.ReserveRunLabelAsync("report", Day.AddDays(1), default);

        var lines = File.ReadAllText(Path.Combine(root.Layout.ExecutionDirectory, "index", "run-numbers.txt")).Split('\n');
        Assert.Equal("2026-02-09", lines[0]);
        Assert.Equal(["report-2026-02-09- 1", ""], lines[2..]);
    }

    [Fact]
    public async Task A_hint_that_is_a_symbolic_link_is_replaced_by_a_file_and_its_target_is_not_written()
    {
        using var root = new TempRoot();
        using var outside = new TempRoot();
        using var store = new FileSystemExecutionStore(root.Layout);
        await store.ReserveRunLabelAsync("report", Day, default);
        var hint = Path.Combine(root.Layout.ExecutionDirectory, "index", "run-numbers.txt");
        var target = Path.Combine(outside.Path, "elsewhere.txt");
        File.WriteAllText(target, "not a hint\n");
        File.Delete(hint);
        File.CreateSymbolicLink(hint, target);

        var label = await store.ReserveRunLabelAsync("report", Day, default);

        Assert.Equal("report-2026-02-08-002", label);
        Assert.Equal("not a hint\n", File.ReadAllText(target));
        Assert.Null(new FileInfo(hint).LinkTarget);
        Assert.EndsWith("report-2026-02-08- 2\n", File.ReadAllText(hint), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_reservations_from_many_stores_take_consecutive_numbers_once_each()
    {
        using var root = new TempRoot();
        var stores = Enumerable.Range(0, 4).Select(_ => new FileSystemExecutionStore(root.Layout)).ToList();
        try
        {
            var labels = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => stores[i % stores.Count].ReserveRunLabelAsync("report", Day, default).AsTask())));

            Assert.Equal(Enumerable.Range(1, 40).Select(n => $"report-2026-02-08-{n:000}"), labels.Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var store in stores) store.Dispose();
        }
    }
}

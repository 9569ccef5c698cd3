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
}

using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>A new store finds the next run number of the day by probing the logs, not by listing a folder of every run.</summary>
public class RunLabelProbingTests
{
    private static readonly DateTimeOffset Day = new(2026, 2, 8, 12, 0, 0, TimeSpan.Zero);

    private static void Logs(ExecutionLayout layout, string workflow, int count)
    {
        Directory.CreateDirectory(layout.LogsDirectory);
        for (var n = 1; n <= count; n++) File.WriteAllText(layout.LogFile($"{workflow}-2026-02-08-{n:000}"), "");
    }

    [Theory]
    [InlineData(0, "report-2026-02-08-001")]
    [InlineData(1, "report-2026-02-08-002")]
    [InlineData(2, "report-2026-02-08-003")]
    [InlineData(50, "report-2026-02-08-051")]
    [InlineData(64, "report-2026-02-08-065")]
    [InlineData(1000, "report-2026-02-08-1001")]
    public async Task A_new_store_takes_the_number_after_the_highest_log_of_the_day(int existing, string expected)
    {
        using var root = new TempRoot();
        Logs(root.Layout, "report", existing);
        Logs(root.Layout, "other", 70);

        using var store = new FileSystemExecutionStore(root.Layout);

        Assert.Equal(expected, await store.ReserveRunLabelAsync("report", Day, default));
    }

    [Fact]
    public async Task A_number_whose_log_was_deleted_but_whose_result_remains_is_not_taken_again()
    {
        using var root = new TempRoot();
        Logs(root.Layout, "report", 40);
        // Probing from 1 doubles to 32: with its log gone it would be taken again, but its result is still there.
        File.Delete(root.Layout.LogFile("report-2026-02-08-032"));
        Directory.CreateDirectory(root.Layout.ResultsDirectory);
        File.WriteAllText(root.Layout.ResultFile("report", "report-2026-02-08-032"), "{}");

        using var store = new FileSystemExecutionStore(root.Layout);

        Assert.Equal("report-2026-02-08-041", await store.ReserveRunLabelAsync("report", Day, default));
    }
}

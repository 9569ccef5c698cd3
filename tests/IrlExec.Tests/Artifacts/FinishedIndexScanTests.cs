using System.Text;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Artifacts;

/// <summary>
/// <see cref="FinishedIndex.Scan"/> (what <c>irlexec list</c> reads) sees the same entries and the same unreadable lines
/// as <see cref="FinishedIndex.Read"/> (what validate and repair read), whatever the file holds.
/// </summary>
public sealed class FinishedIndexScanTests
{
    private static string Line(string id, string status = "COMPLETED_SUCCESS", string updated = "2026-12-06T10:00:00+00:00") =>
        $$"""{"updated":"{{updated}}","id":"{{id}}","status":"{{status}}","workflow":"hello","run":"hello-2026-12-06-001"}""" + "\n";

    private static (Dictionary<string, DateTimeOffset> Entries, List<(int Line, string Problem)> Problems, bool Exists) Scanned(ExecutionLayout layout)
    {
        var entries = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var (exists, problems) = FinishedIndex.Scan(layout, (id, updated) => entries[id.ToString()] = updated);
        return (entries, problems.Select(p => (p.Line, p.Problem)).ToList(), exists);
    }

    private static void AssertSameAsRead(ExecutionLayout layout)
    {
        var read = FinishedIndex.Read(layout);
        var (entries, problems, exists) = Scanned(layout);
        Assert.Equal(read.Exists, exists);
        Assert.Equal(read.Entries.ToDictionary(e => e.Key, e => e.Value.LastUpdated).OrderBy(e => e.Key, StringComparer.Ordinal), entries.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(read.Problems.Select(p => (p.Line, p.Problem)), problems);
    }

    [Fact]
    public void A_missing_index_scans_as_missing_and_empty()
    {
        using var root = new TempRoot();

        var (entries, problems, exists) = Scanned(root.Layout);

        Assert.False(exists);
        Assert.Empty(entries);
        Assert.Empty(problems);
    }

    [Fact]
    public void Damaged_lines_repeated_executions_escaped_ids_and_a_torn_last_line_scan_as_they_read()
    {
        using var root = new TempRoot();
        var path = FinishedIndex.FilePath(root.Layout);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder()
            .Append(Line("exec_a"))
            .Append("not json\n")
            .Append(Line("exec_b", status: "PAUSED"))
            .Append(Line("../escape"))
            .Append(Line("exec_\\u0063", status: "completed_failure"))
            .Append(Line("exec_é"))
            .Append("{\"id\":\"exec_c\"}\n")
            .Append(Line("exec_a", updated: "2026-12-07T10:00:00+00:00"))
            .Append("[1,2]\n")
            .Append(Line("exec_d", status: "FAILED"))
            .Append("{\"updated\":\"2026-12-06T10:00:00+00:00\",\"id\":\"exec_e\",\"status\":\"COMPLETED_SUCCESS\",\"workflow\":\"hello\",\"run\":\"r\"} trailing\n")
            .Append(Line("exec_torn")[..40]);
        File.WriteAllText(path, text.ToString());

        var (entries, problems, _) = Scanned(root.Layout);

        Assert.Equal(["exec_a", "exec_c", "exec_d"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero), entries["exec_a"]);
        Assert.Equal([2, 3, 4, 6, 7, 9, 11], problems.Select(p => p.Line));
        AssertSameAsRead(root.Layout);
    }

    [Fact]
    public void Each_readable_line_is_given_with_its_number_in_the_file_as_problems_number_them()
    {
        using var root = new TempRoot();
        var path = FinishedIndex.FilePath(root.Layout);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, new StringBuilder()
            .Append(Line("exec_a"))
            .Append("not json\n")
            .Append(Line("exec_\\u0062"))
            .Append(Line("exec_a", updated: "2026-12-07T10:00:00+00:00"))
            .Append("[1,2]\n")
            .Append(Line("exec_c"))
            .Append(Line("exec_torn")[..40]).ToString());
        var visited = new List<(int, string, DateTimeOffset)>();

        var (exists, problems) = FinishedIndex.Scan(root.Layout, (int line, ReadOnlySpan<char> id, DateTimeOffset updated) => visited.Add((line, id.ToString(), updated)));

        Assert.True(exists);
        var first = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal([(1, "exec_a", first), (3, "exec_b", first), (4, "exec_a", first.AddDays(1)), (6, "exec_c", first)], visited);
        Assert.Equal([2, 5], problems.Select(p => p.Line));
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_and_many_lines_scan_as_they_read()
    {
        using var root = new TempRoot();
        var path = FinishedIndex.FilePath(root.Layout);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++) text.Append(Line($"exec_{i:D6}", updated: new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero).AddSeconds(i).ToString("O")));
        // A line of 3 MB: more than the buffer the scan reads with.
        text.Append($$"""{"updated":"2026-12-06T10:00:00+00:00","id":"exec_long","status":"COMPLETED_SUCCESS","workflow":"hello","run":"hello-2026-12-06-001","note":"{{new string('x', 3 << 20)}}"}""").Append('\n');
        text.Append(Line("exec_after_the_long_one"));
        File.WriteAllText(path, text.ToString());

        var (entries, problems, _) = Scanned(root.Layout);

        Assert.Equal(20_002, entries.Count);
        Assert.Contains("exec_long", entries.Keys);
        Assert.Contains("exec_after_the_long_one", entries.Keys);
        Assert.Empty(problems);
        AssertSameAsRead(root.Layout);
    }
}

using IrlExec.Dashboard.Tests.Support;
using static IrlExec.Dashboard.Tests.ExecutionPageTests;

namespace IrlExec.Dashboard.Tests;

/// <summary>The executions list: groups, why a paused execution waits, filters, search and paging.</summary>
public sealed class ListPageTests
{
    private static async Task<(DashboardHost Host, List<string> Ids)> ManyAsync(int count, int pageSize = 50)
    {
        var store = new InMemoryExecutionStore();
        var ids = await SyntheticHistories.FillAsync(store, count);
        var host = await DashboardHost.StartAsync(o =>
        {
            o.Store = store;
            o.PageSize = pageSize;
        });
        return (host, ids);
    }

    [Fact]
    public async Task Active_executions_come_first_then_paused_with_why_then_recent_newest_first()
    {
        var (host, ids) = await ManyAsync(100, pageSize: 200);
        await using var _ = host;
        var html = await host.Client.GetStringAsync(host.Url("/"));

        var active = html.IndexOf("<tr class=\"group\"><th colspan=\"10\">Active", StringComparison.Ordinal);
        var paused = html.IndexOf("<tr class=\"group\"><th colspan=\"10\">Paused", StringComparison.Ordinal);
        var recent = html.IndexOf("<tr class=\"group\"><th colspan=\"10\">Recent", StringComparison.Ordinal);
        Assert.True(active >= 0 && active < paused && paused < recent, "groups in order: active, paused, recent");
        // 100 executions: n % 50 == 0 running (2), 1 or 2 paused (4), the rest finished (94).
        Assert.Contains(">2 active</a>", html, StringComparison.Ordinal);
        Assert.Contains(">4 paused</a>", html, StringComparison.Ordinal);
        Assert.Contains(">94 recent</a>", html, StringComparison.Ordinal);
        var pausedRows = html[paused..recent];
        Assert.Equal(4, Count(pausedRows, "<span class=\"why why-humanapproval\""));
        Assert.Contains("waiting for human approval", pausedRows, StringComparison.Ordinal);
        // Newest first within a group: execution 99 (finished last) before execution 98.
        Assert.True(html.IndexOf(ids[99], StringComparison.Ordinal) < html.IndexOf(ids[98], StringComparison.Ordinal));
        Assert.True(html.IndexOf(ids[50], StringComparison.Ordinal) < html.IndexOf(ids[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_list_is_paged_and_each_page_links_to_its_neighbours()
    {
        var (host, ids) = await ManyAsync(120, pageSize: 50);
        await using var _ = host;

        var first = await host.Client.GetStringAsync(host.Url("/"));
        var third = await host.Client.GetStringAsync(host.Url("/?page=3"));
        var beyond = await host.Client.GetStringAsync(host.Url("/?page=99"));

        Assert.Equal(50, Count(Between(first, "<tbody>", "</tbody>"), "<tr data-id="));
        Assert.Contains("page 1 of 3", first, StringComparison.Ordinal);
        Assert.Contains("href=\"/irlexec/?page=2\"", first, StringComparison.Ordinal);
        Assert.Equal(20, Count(Between(third, "<tbody>", "</tbody>"), "<tr data-id="));
        Assert.Contains("href=\"/irlexec/?page=2\"", third, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", third, StringComparison.Ordinal);
        Assert.Contains("page 3 of 3", beyond, StringComparison.Ordinal);
        // Every execution is on exactly one page.
        var all = string.Concat(first, await host.Client.GetStringAsync(host.Url("/?page=2")), third);
        foreach (var id in ids) Assert.Equal(1, Count(all, "<tr data-id=\"" + id + "\""));
    }

    [Fact]
    public async Task Filters_by_workflow_and_status_and_search_by_id_combine_and_survive_paging()
    {
        var (host, ids) = await ManyAsync(300, pageSize: 10);
        await using var _ = host;

        var html = await host.Client.GetStringAsync(host.Url("/?workflow=deploy&status=COMPLETED_FAILURE"));
        var rows = Between(html, "<tbody>", "</tbody>");
        var expected = Enumerable.Range(0, 300).Where(n => n % 3 == 2 && SyntheticHistories.OutcomeOf(n) == ExecutionStatus.CompletedFailure).ToList();
        Assert.Equal(expected.Count, Count(rows, "<tr data-id="));
        Assert.DoesNotContain(">nightly-report<", rows, StringComparison.Ordinal);
        Assert.DoesNotContain("COMPLETED_SUCCESS", rows, StringComparison.Ordinal);

        var paused = await host.Client.GetStringAsync(host.Url("/?status=paused"));
        Assert.Equal(10, Count(Between(paused, "<tbody>", "</tbody>"), "<tr data-id="));
        Assert.Contains("href=\"/irlexec/?status=paused&amp;page=2\"", paused, StringComparison.Ordinal);

        var search = ids[123][^8..];
        var found = await host.Client.GetStringAsync(host.Url("/?q=" + search.ToUpperInvariant()));
        Assert.Equal(1, Count(Between(found, "<tbody>", "</tbody>"), "<tr data-id="));
        Assert.Contains(ids[123], found, StringComparison.Ordinal);
        Assert.Contains("value=\"" + search.ToUpperInvariant() + "\"", found, StringComparison.Ordinal);

        var none = await host.Client.GetStringAsync(host.Url("/?q=no-such-id"));
        Assert.Contains("No executions match these filters.", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_holding_markup_is_echoed_as_text()
    {
        var (host, _) = await ManyAsync(3);
        await using var __ = host;
        var html = await host.Client.GetStringAsync(host.Url("/?q=" + Uri.EscapeDataString("\"><script>alert(1)</script>") + "&workflow=" + Uri.EscapeDataString("<b>x</b>")));
        Assert.Contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>x</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_history_is_listed_with_what_is_wrong()
    {
        var host = await DashboardHost.StartAsync();
        await using var _ = host;
        var layout = new ExecutionLayout(host.Root);
        Directory.CreateDirectory(layout.StateDirectory);
        await File.WriteAllTextAsync(layout.HistoryFile("exec_20260101T000000Z_0badf00d"), "garbage\n{}\n");
        await host.WaitUntilIndexedCountAsync(1);
        var html = await host.Client.GetStringAsync(host.Url("/?status=DAMAGED"));
        Assert.Contains("exec_20260101T000000Z_0badf00d", html, StringComparison.Ordinal);
        Assert.Contains("s-damaged\">DAMAGED", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_root_without_executions_says_so()
    {
        var host = await DashboardHost.StartAsync();
        await using var _ = host;
        var html = await host.Client.GetStringAsync(host.Url("/"));
        Assert.Contains("No executions yet.", html, StringComparison.Ordinal);
        // Nothing was created in the root by looking at it.
        Assert.Empty(Directory.EnumerateFileSystemEntries(host.Root));
    }

    [Fact]
    public async Task The_dashboard_mounted_at_the_root_links_to_itself()
    {
        var store = new InMemoryExecutionStore();
        var ids = await SyntheticHistories.FillAsync(store, 2);
        var host = await DashboardHost.StartAsync(o => o.Store = store, prefix: "/");
        await using var _ = host;
        var html = await host.Client.GetStringAsync(host.Url("/"));
        Assert.Contains("href=\"/executions/" + ids[0] + "\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/assets/dashboard.css?v=", html, StringComparison.Ordinal);
        var page = await host.Client.GetStringAsync(host.Url("/executions/" + ids[0]));
        Assert.Contains(ids[0], page, StringComparison.Ordinal);
    }
}

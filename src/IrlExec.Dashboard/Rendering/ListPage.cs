using IrlExec.Dashboard.Data;

namespace IrlExec.Dashboard.Rendering;

/// <summary>
/// The executions list: filters (workflow, status, part of an id), counts per group, then one page of rows in list order
/// (active, paused with why, recent), and the pager. The part inside <c>#live</c> is what the script fetches again when
/// the event stream says something changed.
/// </summary>
internal static class ListPage
{
    private static readonly string[] Statuses = ["PLANNING", "IN_PROGRESS", "PAUSED", "RESUMED", "COMPLETED_SUCCESS", "COMPLETED_FAILURE", "DAMAGED"];

    public static string Render(PageContext context, IndexSnapshot snapshot, ExecutionQuery query) =>
        Layout.Page(context, "Executions", context.Url("/events"), html =>
        {
            html.Markup("<h1>Executions</h1>");
            Filters(html, context, snapshot, query);
            html.Markup("<div id=\"live\" data-live=\"list\">");
            Live(html, context, snapshot, query);
            html.Markup("</div>");
        });

    /// <summary>The part of the page that live updates replace.</summary>
    public static string Fragment(PageContext context, IndexSnapshot snapshot, ExecutionQuery query)
    {
        var html = new Html();
        Live(html, context, snapshot, query);
        return html.ToString();
    }

    private static void Filters(Html html, PageContext context, IndexSnapshot snapshot, ExecutionQuery query)
    {
        html.Markup("<form class=\"filters\" method=\"get\"").Attr("action", context.Url("/")).Markup(">");
        html.Markup("<label>Workflow <select name=\"workflow\"><option value=\"\">all</option>");
        foreach (var workflow in snapshot.Workflows) Option(html, workflow, workflow, query.Workflow);
        if (query.Workflow is not null && !snapshot.Workflows.Contains(query.Workflow)) Option(html, query.Workflow, query.Workflow, query.Workflow);
        html.Markup("</select></label>");
        html.Markup("<label>Status <select name=\"status\"><option value=\"\">all</option>");
        foreach (var group in ExecutionQuery.Groups) Option(html, group, group, query.Status);
        foreach (var status in Statuses) Option(html, status, status, query.Status);
        html.Markup("</select></label>");
        html.Markup("<label>Id <input type=\"search\" name=\"q\" placeholder=\"part of an execution id\"").Attr("value", query.Search).Markup("></label>");
        html.Markup("<button type=\"submit\">Filter</button>");
        if (query.Workflow is not null || query.Status is not null || query.Search is not null) html.Markup("<a class=\"clear\"").Attr("href", context.Url("/")).Markup(">clear</a>");
        html.Markup("</form>");
    }

    private static void Option(Html html, string value, string label, string? selected)
    {
        html.Markup("<option").Attr("value", value);
        if (string.Equals(value, selected, StringComparison.OrdinalIgnoreCase)) html.Markup(" selected");
        html.Markup(">").Text(label).Markup("</option>");
    }

    private static void Live(Html html, PageContext context, IndexSnapshot snapshot, ExecutionQuery query)
    {
        var pageSize = context.Options.PageSize;
        var result = snapshot.Query(query, pageSize);
        html.Markup("<p class=\"counts\">");
        GroupLink(html, context, query, "active", snapshot.Active);
        html.Markup(" · ");
        GroupLink(html, context, query, "paused", snapshot.Paused);
        html.Markup(" · ");
        GroupLink(html, context, query, "recent", snapshot.Recent);
        html.Markup(" · <span class=\"total\">").Number(result.Total).Markup(result.Total == 1 ? " match" : " matches").Markup("</span></p>");

        if (result.Rows.Count == 0)
        {
            html.Markup("<p class=\"empty\">No executions").Markup(snapshot.Ordered.Length == 0 ? " yet." : " match these filters.").Markup("</p>");
            return;
        }
        html.Markup("<table class=\"executions\"><thead><tr><th>Execution</th><th>Workflow</th><th>Status</th><th>Mode</th><th>Steps</th><th>Cost est. / actual</th><th>Time est. / actual</th><th>Started</th><th>Updated</th><th>By</th></tr></thead><tbody>");
        ListGroup? group = null;
        foreach (var row in result.Rows)
        {
            if (row.Group != group)
            {
                group = row.Group;
                html.Markup("<tr class=\"group\"><th colspan=\"10\">").Markup(group switch
                {
                    ListGroup.Active => "Active",
                    ListGroup.Paused => "Paused",
                    _ => "Recent",
                }).Markup("</th></tr>");
            }
            Row(html, context, row);
        }
        html.Markup("</tbody></table>");
        Pager(html, context, query, result);
    }

    private static void GroupLink(Html html, PageContext context, ExecutionQuery query, string group, int count)
    {
        var target = query with { Status = string.Equals(query.Status, group, StringComparison.Ordinal) ? null : group, Page = 1 };
        html.Markup("<a class=\"count count-").Markup(group).Markup("\"").Attr("href", context.Url("/" + target.ToQueryString(1))).Markup(">")
            .Number(count).Markup(" ").Markup(group).Markup("</a>");
    }

    private static void Row(Html html, PageContext context, ExecutionSummary row)
    {
        html.Markup("<tr").Attr("data-id", row.Id).Markup("><td class=\"id\"><a").Attr("href", context.ExecutionUrl(row.Id)).Markup(">").Text(row.Id).Markup("</a></td>");
        html.Markup("<td>");
        if (row.Workflow.Length > 0) html.Markup("<a").Attr("href", context.WorkflowUrl(row.Workflow)).Markup(">").Text(row.Workflow).Markup("</a>");
        html.Markup("</td><td><span").Attr("class", Format.StatusClass(row.StatusText)).Markup(">").Plain(row.StatusText).Markup("</span>");
        if (row.Pause is { } pause)
        {
            PauseBadge.Render(html, pause);
            if (pause.Reason.Length > 0) html.Markup("<div class=\"reason\">").Text(pause.Reason).Markup("</div>");
        }
        if (row.Damage is not null) html.Markup("<div class=\"reason\">").Text(row.Damage).Markup("</div>");
        html.Markup("</td><td>").Plain(row.Damage is null ? row.Mode.ToWireName() : "").Markup("</td>");
        html.Markup("<td>");
        if (row.StepsTotal > 0)
        {
            html.Plain(Format.Integer(row.StepsCompleted)).Markup("/").Plain(Format.Integer(row.StepsTotal));
            if (row.Group != ListGroup.Recent && row.CurrentStepName.Length > 0) html.Markup(" <span class=\"current-step\">").Text(row.CurrentStepName).Markup("</span>");
        }
        html.Markup("</td><td class=\"num\">").Plain(Format.Money(row.EstimatedCost)).Markup(" / ").Plain(Format.Money(row.ActualCost)).Markup("</td>");
        html.Markup("<td class=\"num\">").Plain(Format.Seconds(row.EstimatedSeconds)).Markup(" / ").Plain(Format.Seconds(row.ActualSeconds)).Markup("</td>");
        html.Markup("<td>").Plain(Format.Time(row.StartTime)).Markup("</td><td>").Plain(Format.Time(row.LastUpdated)).Markup("</td>");
        html.Markup("<td>").Text(row.Actor).Markup("</td></tr>");
    }

    private static void Pager(Html html, PageContext context, ExecutionQuery query, QueryResult result)
    {
        if (result.Pages <= 1) return;
        html.Markup("<nav class=\"pager\">");
        if (result.Page > 1) html.Markup("<a rel=\"prev\"").Attr("href", context.Url("/" + query.ToQueryString(result.Page - 1))).Markup(">← newer</a>");
        html.Markup("<span>page ").Number(result.Page).Markup(" of ").Number(result.Pages).Markup("</span>");
        if (result.Page < result.Pages) html.Markup("<a rel=\"next\"").Attr("href", context.Url("/" + query.ToQueryString(result.Page + 1))).Markup(">older →</a>");
        html.Markup("</nav>");
    }
}

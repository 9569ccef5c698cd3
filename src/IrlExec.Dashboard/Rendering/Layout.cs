namespace IrlExec.Dashboard.Rendering;

/// <summary>The page shell: head with the dashboard's own stylesheet and script, the header and navigation.</summary>
internal static class Layout
{
    /// <summary>A whole page. <paramref name="events"/> is the event stream the script listens to (null: no live updates).</summary>
    public static string Page(PageContext context, string title, string? events, Action<Html> body)
    {
        var html = new Html();
        html.Markup("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        // No icon request to the host app (which may have none): an empty inline icon.
        html.Markup("<link rel=\"icon\" href=\"data:,\">");
        html.Markup("<title>").Text(title).Markup(" · ").Text(context.Options.Title).Markup("</title>");
        html.Markup("<link rel=\"stylesheet\"").Attr("href", context.Url("/assets/dashboard.css?v=" + Assets.Css.Version)).Markup(">");
        html.Markup("<script defer").Attr("src", context.Url("/assets/dashboard.js?v=" + Assets.Script.Version)).Markup("></script>");
        html.Markup("</head><body");
        if (events is not null) html.Attr("data-events", events);
        if (events is not null && context.IndexVersion is { } version) html.Attr("data-version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        html.Markup("><header class=\"top\"><a class=\"brand\"").Attr("href", context.Url("/")).Markup(">").Text(context.Options.Title).Markup("</a>");
        html.Markup("<nav><a").Attr("href", context.Url("/")).Markup(">Executions</a><a").Attr("href", context.Url("/workflows")).Markup(">Workflows</a></nav>");
        if (events is not null) html.Markup("<span id=\"live-state\" class=\"live-state\" title=\"Live updates\">connecting</span>");
        if (context.Options.EnableActions) html.Markup(context.CanAct ? "<span class=\"mode mode-actions\">actions enabled</span>" : "<span class=\"mode\">read-only</span>");
        else html.Markup("<span class=\"mode\">read-only</span>");
        html.Markup("</header><main>");
        body(html);
        html.Markup("</main></body></html>");
        return html.ToString();
    }
}

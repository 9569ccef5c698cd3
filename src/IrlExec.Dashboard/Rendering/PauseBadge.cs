using IrlExec.Dashboard.Data;

namespace IrlExec.Dashboard.Rendering;

/// <summary>Why a paused execution waits, as the list and the execution page show it: a label, then what it waits for.</summary>
internal static class PauseBadge
{
    public static void Render(Html html, PauseInfo pause)
    {
        html.Markup(" <span class=\"why why-").Markup(pause.Kind.ToString().ToLowerInvariant()).Markup("\"").Attr("title", pause.Reason).Markup(">").Text(pause.Label).Markup("</span>");
        if (pause.Signal is { } signal) html.Markup(" <span class=\"awaits\">signal <code>").Text(signal).Markup("</code></span>");
        if (pause.WakeAt is { } wakeAt)
        {
            // A signal awaited with a time limit ends at whichever comes first.
            html.Markup(pause.Signal is null ? " <span class=\"awaits\">wakes at <time" : " <span class=\"awaits\">or at <time")
                .Attr("datetime", Format.IsoTime(wakeAt)).Markup(">").Plain(Format.Time(wakeAt)).Markup("</time></span>");
        }
    }
}

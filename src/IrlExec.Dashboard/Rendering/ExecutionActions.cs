using IrlExec.Dashboard.Actions;
using IrlExec.Dashboard.Data;

namespace IrlExec.Dashboard.Rendering;

/// <summary>
/// The actions panel of an execution page: shown only when the host enabled actions and this user satisfies their policy.
/// Deliver a signal (the one the paused step awaits is chosen first), resume a paused execution (optionally setting
/// variables first: a person's decision, a secret), cancel for good. Every form carries the request's antiforgery token.
/// </summary>
internal static class ExecutionActions
{
    public static void Panel(Html html, PageContext context, ExecutionView view)
    {
        if (!context.Options.EnableActions || !context.CanAct) return;
        var state = view.State;
        var url = context.ExecutionUrl(state.ExecutionId);
        html.Markup("<section id=\"actions\" class=\"actions-panel\"><h2>Actions</h2>");
        if (StatusTransitions.IsTerminal(state.Status))
        {
            html.Markup("<p class=\"empty\">Finished: nothing to act on.</p></section>");
            return;
        }
        html.Markup("<div class=\"actions\">");
        SignalForm(html, context, view, url);
        if (state.Status == ExecutionStatus.Paused) ResumeForm(html, context, view, url);
        html.Markup("<form method=\"post\" id=\"action-cancel\"").Attr("action", url + "/cancel")
            .Markup(" data-confirm=\"Cancel this execution for good? It cannot be resumed afterwards.\">");
        html.AntiforgeryField(context.Antiforgery);
        html.Markup("<label>Reason <input type=\"text\" name=\"reason\" maxlength=\"500\" placeholder=\"why it is cancelled\"></label>");
        html.Markup("<button type=\"submit\" class=\"danger\" id=\"cancel-execution\">Cancel execution</button></form>");
        html.Markup("</div></section>");
    }

    /// <summary>What the last action did, after its redirect (fixed texts: nothing from the request is echoed).</summary>
    public static void Flash(Html html, PageContext context)
    {
        var message = context.Http.Request.Query[DashboardEndpoints.DoneParameter].ToString() switch
        {
            "signal" => "Signal delivered: a step waiting for it is woken by the host's worker.",
            "resume" => "Resume requested: the host's worker runs the execution.",
            "cancel" => "Execution cancelled.",
            _ => null,
        };
        if (message is not null) html.Markup("<p class=\"flash\" id=\"flash\" role=\"status\">").Markup(message).Markup("</p>");
    }

    private static void SignalForm(Html html, PageContext context, ExecutionView view, string url)
    {
        var signals = view.Plan?.Steps.SelectMany(s => s.Signals ?? []).DistinctBy(s => s.Name, StringComparer.Ordinal).ToList() ?? [];
        var awaited = view.State.WaitingForSignal;
        if (awaited is not null && !signals.Any(s => s.Name == awaited)) signals.Insert(0, new StepSignalPlan { Name = awaited, TypeName = "" });
        if (signals.Count == 0) return;
        html.Markup("<form method=\"post\" id=\"action-signal\"").Attr("action", url + "/signal").Markup(">");
        html.AntiforgeryField(context.Antiforgery);
        html.Markup("<label>Signal <select name=\"signal\">");
        foreach (var signal in signals)
        {
            html.Markup("<option").Attr("value", signal.Name).Markup(signal.Name == awaited ? " selected" : "").Markup(">").Text(signal.Name);
            if (signal.TypeName.Length > 0) html.Markup(" (").Text(signal.TypeName).Markup(")");
            if (signal.Name == awaited) html.Markup(" — awaited");
            html.Markup("</option>");
        }
        html.Markup("</select></label>");
        html.Markup("<label>Value <input type=\"text\" name=\"value\" autocomplete=\"off\" placeholder=\"text for a string, else JSON\"></label>");
        html.Markup("<button type=\"submit\" id=\"deliver-signal\">Deliver signal</button></form>");
    }

    private static void ResumeForm(Html html, PageContext context, ExecutionView view, string url)
    {
        html.Markup("<form method=\"post\" id=\"action-resume\"").Attr("action", url + "/resume").Markup(">");
        html.AntiforgeryField(context.Antiforgery);
        var variables = view.Plan?.Variables ?? [];
        if (variables.Count > 0)
        {
            html.Markup("<details class=\"resume-variables\"><summary>Set variables first</summary>");
            foreach (var variable in variables)
            {
                html.Markup("<label><span class=\"name\">").Text(variable.Name).Markup("</span> <span class=\"type\">").Text(variable.TypeName).Markup(variable.IsSecret ? ", secret" : "").Markup("</span>");
                html.Markup("<input").Attr("name", FormVariables.FieldPrefix + variable.Name)
                    .Markup(variable.IsSecret ? " type=\"password\" autocomplete=\"off\"" : " type=\"text\" autocomplete=\"off\"")
                    .Markup(" placeholder=\"unchanged\"></label>");
            }
            html.Markup("</details>");
        }
        html.Markup("<button type=\"submit\" id=\"resume-execution\">Resume</button></form>");
    }
}

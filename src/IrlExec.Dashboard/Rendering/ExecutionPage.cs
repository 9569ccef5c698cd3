using IrlExec.Dashboard.Data;

namespace IrlExec.Dashboard.Rendering;

/// <summary>
/// One execution: its summary, the step table (status, attempts, estimated against actual cost and time) with a chart,
/// the plan graph, the variables (secrets as <c>***</c>), the log tail, tool calls and state changes, and its
/// <c>execution_state.md</c> rendered as HTML. Everything comes from the history (<see cref="ExecutionView"/>).
/// </summary>
internal static class ExecutionPage
{
    public static string Render(PageContext context, ExecutionView view) =>
        Layout.Page(context, view.State.ExecutionId, context.Url("/events?id=" + Uri.EscapeDataString(view.State.ExecutionId)), html =>
        {
            var state = view.State;
            html.Markup("<p class=\"crumbs\"><a").Attr("href", context.Url("/")).Markup(">Executions</a> / ");
            if (state.Workflow.Length > 0) html.Markup("<a").Attr("href", context.WorkflowUrl(state.Workflow)).Markup(">").Text(state.Workflow).Markup("</a>");
            html.Markup("</p><h1 class=\"execution-id\">").Text(state.ExecutionId).Markup("</h1>");
            ExecutionActions.Flash(html, context);
            html.Markup("<div id=\"live\" data-live=\"execution\">");
            Live(html, context, view);
            html.Markup("</div>");
        });

    public static string Fragment(PageContext context, ExecutionView view)
    {
        var html = new Html(64 * 1024);
        Live(html, context, view);
        return html.ToString();
    }

    private static void Live(Html html, PageContext context, ExecutionView view)
    {
        var state = view.State;
        html.Markup("<div data-sequence=\"").Plain(Format.Integer(view.Sequence)).Markup("\" hidden></div>");
        Summary(html, state);
        ExecutionActions.Panel(html, context, view);
        Steps(html, state);
        html.Markup("<section class=\"charts\"><h2>Estimated against actual</h2><div class=\"chart-pair\">");
        html.Markup("<figure><figcaption>Cost</figcaption>").Markup(CostChartSvg.Render(state, CostChartSvg.Measure.Cost)).Markup("</figure>");
        html.Markup("<figure><figcaption>Time</figcaption>").Markup(CostChartSvg.Render(state, CostChartSvg.Measure.Time)).Markup("</figure>");
        html.Markup("</div></section>");
        html.Markup("<section><h2>Plan</h2><div class=\"graph\">").Markup(PlanGraphSvg.Render(state)).Markup("</div></section>");
        Variables(html, state);
        Log(html, context, view);
        ToolCalls(html, state);
        StateChanges(html, state);
        html.Markup("<section><h2>execution_state.md</h2><article class=\"markdown\">")
            .Markup(MarkdownHtml.Render(ExecutionStateMarkdownWriter.Render(state)))
            .Markup("</article></section>");
    }

    private static void Summary(Html html, ExecutionState state)
    {
        var metrics = state.ComputeMetrics();
        var status = StatusTransitions.ToWireName(state.Status);
        html.Markup("<section class=\"summary\"><dl>");
        html.Markup("<dt>Status</dt><dd><span id=\"execution-status\"").Attr("class", Format.StatusClass(status)).Markup(">").Plain(status).Markup("</span>");
        if (state.Status == ExecutionStatus.Paused)
        {
            PauseBadge.Render(html, PauseInfo.Of(state));
        }
        if (!string.IsNullOrEmpty(state.StatusReason)) html.Markup("<div class=\"reason\">").Text(state.StatusReason).Markup("</div>");
        html.Markup("</dd>");
        Pair(html, "Goal", state.Goal);
        Pair(html, "Workflow", state.Workflow);
        Pair(html, "Mode", state.Mode.ToWireName());
        var current = state.FindStep(state.CurrentStep);
        Pair(html, "Current step", current is null ? "-" : $"{current.Order}. {current.Name}");
        Pair(html, "Steps completed", $"{metrics.StepsCompleted} of {metrics.StepsTotal}");
        Pair(html, "Cost", $"{Format.Money(metrics.EstimatedCost)} estimated, {Format.Money(metrics.ActualCost)} actual");
        Pair(html, "Time", $"{Format.Seconds(metrics.EstimatedSeconds)} estimated, {Format.Seconds(metrics.ActualSeconds)} actual");
        Pair(html, "Success rate", metrics.SuccessRate.ToString("P0", System.Globalization.CultureInfo.InvariantCulture));
        Pair(html, "Started", Format.Time(state.StartTime));
        Pair(html, "Last updated", Format.Time(state.LastUpdated));
        Pair(html, "Run label", state.RunLabel);
        Pair(html, "Started by", state.Actor);
        Pair(html, "Plan", $"version {state.PlanVersion}" + (state.PlanFingerprint.Length > 0 ? $", fingerprint {state.PlanFingerprint}" : ""));
        html.Markup("</dl></section>");
    }

    private static void Pair(Html html, string name, string? value) =>
        html.Markup("<dt>").Markup(name).Markup("</dt><dd>").Text(string.IsNullOrEmpty(value) ? "-" : value).Markup("</dd>");

    private static void Steps(Html html, ExecutionState state)
    {
        var actualCost = new Dictionary<int, decimal>();
        var actualSeconds = new Dictionary<int, double>();
        foreach (var record in state.ExecutionLog)
        {
            actualCost[record.Step] = actualCost.GetValueOrDefault(record.Step) + record.ActualCost;
            actualSeconds[record.Step] = actualSeconds.GetValueOrDefault(record.Step) + record.ActualSeconds;
        }
        html.Markup("<section><h2>Steps</h2><table class=\"steps\"><thead><tr><th>#</th><th>Step</th><th>Component</th><th>Tool</th><th>Status</th><th>Attempts</th><th>Cost est.</th><th>Cost actual</th><th>Time est.</th><th>Time actual</th><th>Side effects</th></tr></thead><tbody>");
        foreach (var step in state.Steps.OrderBy(s => s.Order))
        {
            var isCurrent = step.Order == state.CurrentStep && !StatusTransitions.IsTerminal(state.Status);
            html.Markup("<tr").Attr("data-step", Format.Integer(step.Order)).Markup(isCurrent ? " class=\"current\"" : "").Markup(">");
            html.Markup("<td class=\"num\">").Plain(Format.Integer(step.Order)).Markup("</td><td>").Text(step.Name);
            if (!string.IsNullOrEmpty(step.LastError)) html.Markup("<div class=\"error\">").Text(step.LastError).Markup("</div>");
            html.Markup("</td><td>").Text(step.Component).Markup("</td><td>").Text(step.ToolMapping).Markup("</td>");
            html.Markup("<td><span").Attr("class", Format.StatusClass(step.Status)).Markup(">").Plain(StatusTransitions.ToWireName(step.Status)).Markup("</span></td>");
            html.Markup("<td class=\"num\">").Plain(Format.Integer(step.Attempts)).Markup("</td>");
            html.Markup("<td class=\"num\">").Plain(Format.Money(step.EstimatedCost)).Markup("</td>");
            html.Markup("<td class=\"num\">").Plain(actualCost.TryGetValue(step.Order, out var cost) ? Format.Money(cost) : "–").Markup("</td>");
            html.Markup("<td class=\"num\">").Plain(Format.Seconds(step.EstimatedSeconds)).Markup("</td>");
            html.Markup("<td class=\"num\">").Plain(actualSeconds.TryGetValue(step.Order, out var seconds) ? Format.Seconds(seconds) : "–").Markup("</td>");
            html.Markup("<td>").Text(step.SideEffects).Markup("</td></tr>");
        }
        html.Markup("</tbody></table>");
        var outputs = state.ExecutionLog.Where(r => r.RealOutputs.Count > 0 || r.RealInputs.Count > 0).ToList();
        if (outputs.Count > 0)
        {
            html.Markup("<details class=\"attempts\"><summary>Inputs and outputs of each attempt (").Number(state.ExecutionLog.Count).Markup(")</summary><table class=\"io\"><thead><tr><th>Step</th><th>Attempt</th><th>Finished</th><th>Inputs</th><th>Outputs</th><th>Errors</th></tr></thead><tbody>");
            foreach (var record in state.ExecutionLog)
            {
                html.Markup("<tr><td class=\"num\">").Plain(Format.Integer(record.Step)).Markup("</td><td class=\"num\">").Plain(Format.Integer(record.Attempt)).Markup("</td><td>").Plain(Format.Time(record.Timestamp)).Markup("</td><td>");
                Values(html, record.RealInputs);
                html.Markup("</td><td>");
                Values(html, record.RealOutputs);
                html.Markup("</td><td>").Text(record.Errors).Markup("</td></tr>");
            }
            html.Markup("</tbody></table></details>");
        }
        html.Markup("</section>");
    }

    private static void Values(Html html, List<NamedValue> values)
    {
        if (values.Count == 0) return;
        html.Markup("<dl class=\"values\">");
        foreach (var value in values) html.Markup("<dt>").Text(value.Name).Markup("</dt><dd><code>").Text(value.Value).Markup("</code></dd>");
        html.Markup("</dl>");
    }

    private static void Variables(Html html, ExecutionState state)
    {
        html.Markup("<section><h2>Variables</h2>");
        if (state.Variables.Count == 0)
        {
            html.Markup("<p class=\"empty\">none</p></section>");
            return;
        }
        html.Markup("<table class=\"variables\"><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>");
        foreach (var variable in state.Variables)
        {
            html.Markup("<tr><td>").Text(variable.Name).Markup("</td><td>");
            if (variable.IsSecret) html.Markup("<span class=\"secret\" title=\"secret: never shown\">").Markup(SecretRedactor.Mask).Markup("</span>");
            else html.Markup("<code>").Text(Redaction.Variable(variable)).Markup("</code>");
            html.Markup("</td></tr>");
        }
        html.Markup("</tbody></table></section>");
    }

    private static void Log(Html html, PageContext context, ExecutionView view)
    {
        html.Markup("<section><h2>Log</h2>");
        if (view.LogLineCount == 0)
        {
            html.Markup("<p class=\"empty\">no lines yet</p></section>");
            return;
        }
        if (view.LogLineCount > view.LogTail.Count)
        {
            html.Markup("<p class=\"note\">The last ").Number(view.LogTail.Count).Markup(" of ").Number(view.LogLineCount).Markup(" lines.</p>");
        }
        html.Markup("<pre class=\"log\" id=\"log-tail\">");
        foreach (var line in view.LogTail)
        {
            html.Markup("<span class=\"line l-").Markup(line.Level.ToWireName().ToLowerInvariant()).Markup("\">").Text(line.Format()).Markup("</span>\n");
        }
        html.Markup("</pre></section>");
        _ = context;
    }

    private static void ToolCalls(Html html, ExecutionState state)
    {
        html.Markup("<section><h2>Tool calls</h2>");
        var calls = state.Training.ToolCalls;
        if (calls.Count == 0)
        {
            html.Markup("<p class=\"empty\">none recorded</p></section>");
            return;
        }
        html.Markup("<table class=\"tool-calls\"><thead><tr><th>Step</th><th>Tool</th><th>Arguments</th><th>Result</th><th>When</th></tr></thead><tbody>");
        foreach (var call in calls)
        {
            html.Markup("<tr><td class=\"num\">").Plain(Format.Integer(call.Step)).Markup("</td><td>").Text(call.Tool).Markup("</td><td><code>").Text(call.Arguments)
                .Markup("</code></td><td><code>").Text(call.Result).Markup("</code></td><td>").Plain(Format.Time(call.Timestamp)).Markup("</td></tr>");
        }
        html.Markup("</tbody></table></section>");
    }

    private static void StateChanges(Html html, ExecutionState state)
    {
        html.Markup("<section><h2>State changes</h2>");
        var changes = state.ExecutionLog.SelectMany(r => r.StateChanges.Select(c => (r.Step, r.Attempt, r.Timestamp, Change: c))).ToList();
        if (changes.Count > 0)
        {
            html.Markup("<table class=\"state-changes\"><thead><tr><th>Step</th><th>Attempt</th><th>Change</th><th>Recorded by</th></tr></thead><tbody>");
            foreach (var (step, attempt, timestamp, change) in changes)
            {
                html.Markup("<tr><td class=\"num\">").Plain(Format.Integer(step)).Markup("</td><td class=\"num\">").Plain(Format.Integer(attempt)).Markup("</td><td>").Text(change)
                    .Markup("</td><td>").Plain(Format.Time(timestamp)).Markup("</td></tr>");
            }
            html.Markup("</tbody></table>");
        }
        html.Markup("<h3>Status transitions</h3><table class=\"transitions\"><thead><tr><th>When</th><th>From</th><th>To</th><th>Why</th></tr></thead><tbody>");
        foreach (var transition in state.Training.StateTransitions)
        {
            html.Markup("<tr><td>").Plain(Format.Time(transition.Timestamp)).Markup("</td><td>").Plain(StatusTransitions.ToWireName(transition.From)).Markup("</td><td>")
                .Plain(StatusTransitions.ToWireName(transition.To)).Markup("</td><td>").Text(transition.Reason).Markup("</td></tr>");
        }
        html.Markup("</tbody></table></section>");
    }
}

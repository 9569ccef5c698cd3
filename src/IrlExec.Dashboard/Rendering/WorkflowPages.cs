using IrlExec.Dashboard.Data;

namespace IrlExec.Dashboard.Rendering;

/// <summary>A workflow as the dashboard knows it: from its definition (when the host listed it) or from its newest execution.</summary>
internal sealed record WorkflowInfo(string Name, WorkflowDefinition? Definition, ExecutionState? Latest)
{
    public string Goal => Definition?.Plan.Goal ?? Latest?.Goal ?? "";

    /// <summary>The plan's steps, all PENDING (a definition's plan), or as the newest execution recorded them.</summary>
    public List<StepState> PlanSteps => Definition is { } definition
        ? definition.Plan.Steps.Select(step => new StepState
        {
            Order = step.Order,
            Name = step.Name,
            Component = step.Component,
            ToolMapping = step.ToolMapping,
            Status = StepStatus.Pending,
            Inputs = step.Inputs.Select(i => new NamedValue(i.Name, i.Reference)).ToList(),
            ExpectedOutputs = step.Outputs.Select(o => new NamedValue(o.Name, string.IsNullOrEmpty(o.Description) ? o.TypeName : o.Description)).ToList(),
            EstimatedCost = step.EstimatedCost,
            EstimatedSeconds = step.EstimatedSeconds,
            SideEffects = step.SideEffects,
        }).ToList()
        : Latest?.Steps.Select(s => new StepState
        {
            Order = s.Order, Name = s.Name, Component = s.Component, ToolMapping = s.ToolMapping, Status = StepStatus.Pending,
            Inputs = s.Inputs, ExpectedOutputs = s.ExpectedOutputs, EstimatedCost = s.EstimatedCost, EstimatedSeconds = s.EstimatedSeconds, SideEffects = s.SideEffects,
        }).ToList() ?? [];
}

/// <summary>The outcome of a SIMULATION started from a workflow page (or why it could not start).</summary>
internal sealed record SimulationOutcome(ExecutionState? State, string? Error, IReadOnlyDictionary<string, string> Entered);

/// <summary>The workflows list and one workflow's page: its plan, its graph, and a SIMULATION run with its estimates.</summary>
internal static class WorkflowPages
{
    public static string List(PageContext context, IReadOnlyList<WorkflowInfo> workflows, IndexSnapshot snapshot) =>
        Layout.Page(context, "Workflows", null, html =>
        {
            html.Markup("<h1>Workflows</h1>");
            if (workflows.Count == 0)
            {
                html.Markup("<p class=\"empty\">No workflow is registered and no execution is recorded yet.</p>");
                return;
            }
            html.Markup("<table class=\"workflows\"><thead><tr><th>Workflow</th><th>Goal</th><th>Steps</th><th>Estimated cost</th><th>Estimated time</th><th>Executions</th><th>Simulation</th></tr></thead><tbody>");
            foreach (var workflow in workflows)
            {
                var steps = workflow.PlanSteps;
                var count = snapshot.Ordered.Count(s => s.Workflow == workflow.Name);
                html.Markup("<tr><td><a").Attr("href", context.WorkflowUrl(workflow.Name)).Markup(">").Text(workflow.Name).Markup("</a></td><td>").Text(workflow.Goal).Markup("</td>");
                html.Markup("<td class=\"num\">").Number(steps.Count).Markup("</td><td class=\"num\">").Plain(Format.Money(steps.Sum(s => s.EstimatedCost)))
                    .Markup("</td><td class=\"num\">").Plain(Format.Seconds(steps.Sum(s => s.EstimatedSeconds))).Markup("</td>");
                html.Markup("<td class=\"num\"><a").Attr("href", context.Url("/?workflow=" + Uri.EscapeDataString(workflow.Name))).Markup(">").Number(count).Markup("</a></td>");
                html.Markup("<td>").Markup(workflow.Definition is not null && context.Options.EnableSimulation ? "available" : "-").Markup("</td></tr>");
            }
            html.Markup("</tbody></table>");
        });

    public static string Workflow(PageContext context, WorkflowInfo workflow, IndexSnapshot snapshot, SimulationOutcome? simulation) =>
        Layout.Page(context, workflow.Name, null, html =>
        {
            var steps = workflow.PlanSteps;
            html.Markup("<p class=\"crumbs\"><a").Attr("href", context.Url("/workflows")).Markup(">Workflows</a></p>");
            html.Markup("<h1>").Text(workflow.Name).Markup("</h1>");
            html.Markup("<section class=\"summary\"><dl>");
            Pair(html, "Goal", workflow.Goal);
            if (workflow.Definition is { } definition)
            {
                Pair(html, "Version", definition.Plan.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Pair(html, "Fingerprint", definition.Plan.Fingerprint);
            }
            else
            {
                Pair(html, "Plan", "as recorded by its newest execution (the host did not register this workflow)");
            }
            Pair(html, "Estimated cost", Format.Money(steps.Sum(s => s.EstimatedCost)));
            Pair(html, "Estimated time", Format.Seconds(steps.Sum(s => s.EstimatedSeconds)));
            var count = snapshot.Ordered.Count(s => s.Workflow == workflow.Name);
            html.Markup("<dt>Executions</dt><dd><a").Attr("href", context.Url("/?workflow=" + Uri.EscapeDataString(workflow.Name))).Markup(">").Number(count).Markup("</a></dd>");
            html.Markup("</dl></section>");

            PlanTable(html, workflow, steps);
            html.Markup("<section><h2>Plan graph</h2><div class=\"graph\">")
                .Markup(PlanGraphSvg.Render(new ExecutionState { Workflow = workflow.Name, Steps = steps, CurrentStep = 0, Status = ExecutionStatus.Planning }))
                .Markup("</div></section>");
            Simulation(html, context, workflow, simulation);
        });

    private static void Pair(Html html, string name, string? value) =>
        html.Markup("<dt>").Markup(name).Markup("</dt><dd>").Text(string.IsNullOrEmpty(value) ? "-" : value).Markup("</dd>");

    private static void PlanTable(Html html, WorkflowInfo workflow, List<StepState> steps)
    {
        html.Markup("<section><h2>Plan</h2><table class=\"plan\"><thead><tr><th>#</th><th>Step</th><th>Component</th><th>Tool</th><th>Inputs</th><th>Outputs</th><th>Cost est.</th><th>Time est.</th><th>Side effects</th>");
        if (workflow.Definition is not null) html.Markup("<th>Simulated by</th>");
        html.Markup("</tr></thead><tbody>");
        foreach (var step in steps)
        {
            html.Markup("<tr><td class=\"num\">").Plain(Format.Integer(step.Order)).Markup("</td><td>").Text(step.Name).Markup("</td><td>").Text(step.Component).Markup("</td><td>").Text(step.ToolMapping).Markup("</td><td>");
            foreach (var input in step.Inputs) html.Markup("<div><code>").Text(input.Name).Markup("</code>: ").Text(input.Value).Markup("</div>");
            html.Markup("</td><td>");
            foreach (var output in step.ExpectedOutputs) html.Markup("<div><code>").Text(output.Name).Markup("</code>: ").Text(output.Value).Markup("</div>");
            html.Markup("</td><td class=\"num\">").Plain(Format.Money(step.EstimatedCost)).Markup("</td><td class=\"num\">").Plain(Format.Seconds(step.EstimatedSeconds)).Markup("</td><td>").Text(step.SideEffects).Markup("</td>");
            if (workflow.Definition is { } definition)
            {
                var plan = definition.Plan.Steps.FirstOrDefault(s => s.Order == step.Order);
                html.Markup("<td>").Markup(plan?.HasSimulation == true ? "its SimulateAsync" : plan?.RunsInSimulation == true ? "running it (no side effects)" : "its estimates").Markup("</td>");
            }
            html.Markup("</tr>");
        }
        html.Markup("</tbody></table></section>");
    }

    private static void Simulation(Html html, PageContext context, WorkflowInfo workflow, SimulationOutcome? simulation)
    {
        html.Markup("<section class=\"simulation\" id=\"simulation\"><h2>SIMULATION</h2>");
        if (workflow.Definition is not { } definition || !context.Options.EnableSimulation)
        {
            html.Markup("<p class=\"note\">").Markup(workflow.Definition is null
                ? "A simulation needs the workflow's definition: register it with the dashboard (DashboardOptions.Workflows, or --assembly for irlexec dashboard)."
                : "Simulations are turned off for this dashboard.").Markup("</p></section>");
            return;
        }
        html.Markup("<p class=\"note\">Runs every step in SIMULATION mode, in memory: nothing is written to the store and no step's side effects happen (steps without a simulation of their own use their estimates).</p>");
        html.Markup("<form method=\"post\" class=\"simulate\"").Attr("action", context.WorkflowUrl(workflow.Name) + "/simulate#simulation").Markup(">");
        html.AntiforgeryField(context.Antiforgery);
        foreach (var variable in definition.Plan.Variables)
        {
            html.Markup("<label><span class=\"name\">").Text(variable.Name).Markup("</span> <span class=\"type\">").Text(variable.TypeName).Markup(variable.IsRequired ? ", required" : "").Markup(variable.IsSecret ? ", secret" : "").Markup("</span>");
            html.Markup("<input").Attr("name", "var." + variable.Name).Markup(variable.IsSecret ? " type=\"password\" autocomplete=\"off\"" : " type=\"text\"");
            // A secret typed into the form is never sent back in the page.
            if (!variable.IsSecret && simulation?.Entered.TryGetValue(variable.Name, out var entered) == true) html.Attr("value", entered);
            html.Markup("></label>");
        }
        html.Markup("<button type=\"submit\" id=\"simulate\">Run a SIMULATION</button></form>");
        if (simulation is null)
        {
            html.Markup("</section>");
            return;
        }
        if (simulation.Error is not null)
        {
            html.Markup("<p class=\"error\" id=\"simulation-error\">").Text(simulation.Error).Markup("</p></section>");
            return;
        }
        var state = simulation.State!;
        var metrics = state.ComputeMetrics();
        html.Markup("<div class=\"estimate\" id=\"simulation-result\"><h3>Estimate</h3><dl>");
        html.Markup("<dt>Status</dt><dd><span").Attr("class", Format.StatusClass(StatusTransitions.ToWireName(state.Status))).Markup(">").Plain(StatusTransitions.ToWireName(state.Status)).Markup("</span>");
        if (!string.IsNullOrEmpty(state.StatusReason)) html.Markup(" ").Text(state.StatusReason);
        html.Markup("</dd><dt>Estimated cost</dt><dd id=\"estimated-cost\">").Plain(Format.Money(metrics.ActualCost)).Markup("</dd>");
        html.Markup("<dt>Estimated time</dt><dd id=\"estimated-time\">").Plain(Format.Seconds(metrics.ActualSeconds)).Markup("</dd>");
        html.Markup("<dt>Steps</dt><dd>").Number(metrics.StepsCompleted).Markup(" of ").Number(metrics.StepsTotal).Markup(" simulated</dd></dl>");
        html.Markup("<table class=\"steps\"><thead><tr><th>#</th><th>Step</th><th>Status</th><th>Cost</th><th>Time</th><th>Outputs</th></tr></thead><tbody>");
        foreach (var step in state.Steps)
        {
            var record = state.ExecutionLog.LastOrDefault(r => r.Step == step.Order);
            html.Markup("<tr><td class=\"num\">").Plain(Format.Integer(step.Order)).Markup("</td><td>").Text(step.Name).Markup("</td><td><span").Attr("class", Format.StatusClass(step.Status)).Markup(">")
                .Plain(StatusTransitions.ToWireName(step.Status)).Markup("</span></td><td class=\"num\">").Plain(record is null ? "–" : Format.Money(record.ActualCost))
                .Markup("</td><td class=\"num\">").Plain(record is null ? "–" : Format.Seconds(record.ActualSeconds)).Markup("</td><td>");
            if (record is not null)
            {
                foreach (var output in record.RealOutputs) html.Markup("<div><code>").Text(output.Name).Markup("</code>: <code>").Text(output.Value).Markup("</code></div>");
            }
            html.Markup("</td></tr>");
        }
        html.Markup("</tbody></table></div></section>");
    }
}

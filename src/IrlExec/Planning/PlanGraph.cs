using System.Text;

namespace IrlExec;

/// <summary>
/// The plan as a Mermaid flowchart: one node per step (in order, dotted arrows), the initial variables, a labelled
/// arrow for each variable a step reads from an earlier step or from the start, completed steps and the current step
/// highlighted. Written into <c>execution_state.md</c> after the Execution Plan (the parser ignores it).
/// </summary>
public static class PlanGraph
{
    /// <summary>The flowchart of a plan that has not run: every step pending, none highlighted (<c>irlexec plan</c>).</summary>
    public static string ToMermaid(WorkflowPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return ToMermaid(new ExecutionState { Workflow = plan.Name, Steps = plan.Steps.Select(StepState.Pending).ToList() });
    }

    /// <summary>The flowchart of an execution's plan (steps, their inputs' <c>{{references}}</c> and expected outputs).</summary>
    public static string ToMermaid(ExecutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var md = new StringBuilder(256 + (state.Steps.Count * 96));
        md.Append(Structure(state));
        AppendHighlights(md, state);
        return md.ToString();
    }

    // The chart without its highlights: it depends on the plan only (steps, inputs, outputs), so a renderer that draws
    // the same execution again and again keeps it (see ExecutionStateMarkdownWriter.Renderer).
    internal static string Structure(ExecutionState state)
    {
        var md = new StringBuilder(256 + (state.Steps.Count * 96));
        md.Append("```mermaid\nflowchart TD\n");
        var producers = new Dictionary<string, int>(StringComparer.Ordinal);
        var initial = new List<string>();
        var edges = new StringBuilder();
        StepState? previous = null;
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in state.Steps.OrderBy(s => s.Order))
        {
            // One arrow per variable a step reads, however many of its inputs read it.
            read.Clear();
            md.Append("    s").Append(step.Order).Append("[\"").Append(step.Order).Append(". ").Append(Label(step.Name)).Append("\"]\n");
            if (previous is not null) edges.Append("    s").Append(previous.Order).Append(" -.-> s").Append(step.Order).Append('\n');
            foreach (var input in step.Inputs)
            {
                foreach (var name in TemplateParser.ReferencedNames(input.Value))
                {
                    if (!read.Add(name)) continue;
                    if (producers.TryGetValue(name, out var from))
                    {
                        edges.Append("    s").Append(from).Append(" -->|").Append(name).Append("| s").Append(step.Order).Append('\n');
                    }
                    else
                    {
                        if (!initial.Contains(name)) initial.Add(name);
                        edges.Append("    v_").Append(name).Append(" -->|").Append(name).Append("| s").Append(step.Order).Append('\n');
                    }
                }
            }
            foreach (var output in step.ExpectedOutputs) producers[output.Name] = step.Order;
            previous = step;
        }
        foreach (var name in initial) md.Append("    v_").Append(name).Append("([\"").Append(name).Append("\"])\n");
        md.Append(edges);
        md.Append("    classDef done fill:#d1fae5,stroke:#047857\n");
        md.Append("    classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px\n");
        return md.ToString();
    }

    // The completed steps and the current one, and the chart's end. A finished execution has no current step: its
    // completed steps are all "done" (the last one included), and the step that failed it is left plain.
    internal static void AppendHighlights(StringBuilder md, ExecutionState state)
    {
        var finished = StatusTransitions.IsTerminal(state.Status);
        var first = true;
        foreach (var step in state.Steps)
        {
            if (step.Status != StepStatus.Completed || (!finished && step.Order == state.CurrentStep)) continue;
            md.Append(first ? "    class s" : ",s").Append(step.Order);
            first = false;
        }
        if (!first) md.Append(" done\n");
        if (!finished && state.FindStep(state.CurrentStep) is not null) md.Append("    class s").Append(state.CurrentStep).Append(" current\n");
        md.Append("```\n");
    }

    // Step names are file-safe (letters, digits, dashes), but a hand-edited state may hold anything: keep the label inert.
    private static string Label(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

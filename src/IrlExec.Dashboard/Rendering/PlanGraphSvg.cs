using System.Globalization;
using System.Text;

namespace IrlExec.Dashboard.Rendering;

/// <summary>
/// The plan graph as an SVG drawn on the server (the same graph <see cref="PlanGraph"/> writes as Mermaid into
/// <c>execution_state.md</c>): one box per step in order with a dotted arrow to the next, a pill per initial variable
/// with an arrow to each step that reads it, and a labelled arc from the step that publishes a variable to each later
/// step that reads it. Each step's box is coloured by its status; the current step is outlined. Colours come from CSS
/// classes (the pages' stylesheet), so the drawing needs no inline style.
/// </summary>
internal static class PlanGraphSvg
{
    private const int NodeWidth = 230;
    private const int NodeHeight = 36;
    private const int RowHeight = 60;
    private const int Top = 16;
    private const int PillWidth = 150;
    private const int PillHeight = 24;
    private const int NodeLeft = PillWidth + 70;
    private const int LaneWidth = 16;
    private const int MaxLabel = 30;

    public static string Render(ExecutionState state)
    {
        var steps = state.Steps.OrderBy(s => s.Order).ToList();
        var index = new Dictionary<int, int>();
        for (var i = 0; i < steps.Count; i++) index[steps[i].Order] = i;

        // Who publishes each variable (the last earlier step that lists it as an output), and what each step reads.
        var producers = new Dictionary<string, int>(StringComparer.Ordinal);
        var dataEdges = new List<(int From, int To, string Name)>();
        var initial = new List<(string Name, List<int> Readers)>();
        for (var i = 0; i < steps.Count; i++)
        {
            foreach (var input in steps[i].Inputs)
            {
                foreach (var name in TemplateParser.ReferencedNames(input.Value).Distinct(StringComparer.Ordinal))
                {
                    if (producers.TryGetValue(name, out var from))
                    {
                        if (!dataEdges.Contains((from, i, name))) dataEdges.Add((from, i, name));
                    }
                    else
                    {
                        var entry = initial.FirstOrDefault(v => v.Name == name);
                        if (entry.Name is null) initial.Add((name, [i]));
                        else if (!entry.Readers.Contains(i)) entry.Readers.Add(i);
                    }
                }
            }
            foreach (var output in steps[i].ExpectedOutputs) producers[output.Name] = i;
        }

        // Arcs share lanes to the right of the boxes when their spans do not overlap.
        var laneEnds = new List<int>();
        var lanes = new int[dataEdges.Count];
        var order = Enumerable.Range(0, dataEdges.Count).OrderBy(e => dataEdges[e].From).ThenBy(e => dataEdges[e].To).ToList();
        foreach (var e in order)
        {
            var lane = laneEnds.FindIndex(end => end <= dataEdges[e].From);
            if (lane < 0)
            {
                lane = laneEnds.Count;
                laneEnds.Add(0);
            }
            laneEnds[lane] = dataEdges[e].To;
            lanes[e] = lane;
        }

        var longestLabel = dataEdges.Count == 0 ? 0 : dataEdges.Max(e => Math.Min(MaxLabel, e.Name.Length));
        var width = NodeLeft + NodeWidth + 24 + (laneEnds.Count * LaneWidth) + (longestLabel * 7) + 16;
        var pillY = new List<int>();
        var nextPill = Top;
        foreach (var (_, readers) in initial)
        {
            var y = Math.Max(RowY(readers[0]) + ((NodeHeight - PillHeight) / 2), nextPill);
            pillY.Add(y);
            nextPill = y + PillHeight + 8;
        }
        var height = Math.Max(Top + (steps.Count * RowHeight), nextPill) + 8;

        var svg = new StringBuilder(1024 + (steps.Count * 512));
        var c = CultureInfo.InvariantCulture;
        svg.Append(c, $"<svg class=\"plan-graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Plan graph\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"arrow-head\" d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>");

        // The order of the steps: a dotted arrow from each to the next.
        for (var i = 1; i < steps.Count; i++)
        {
            var x = NodeLeft + (NodeWidth / 2);
            svg.Append(c, $"<line class=\"edge-sequence\" x1=\"{x}\" y1=\"{RowY(i - 1) + NodeHeight}\" x2=\"{x}\" y2=\"{RowY(i) - 2}\" marker-end=\"url(#arrow)\"/>");
        }

        // Variables published by a step and read by a later one.
        for (var e = 0; e < dataEdges.Count; e++)
        {
            var (from, to, name) = dataEdges[e];
            var x0 = NodeLeft + NodeWidth;
            var y0 = RowY(from) + (NodeHeight / 2);
            var y1 = RowY(to) + (NodeHeight / 2);
            var laneX = x0 + 24 + (lanes[e] * LaneWidth);
            svg.Append(c, $"<path class=\"edge-data\" d=\"M {x0} {y0} C {laneX} {y0}, {laneX} {y1}, {x0 + 2} {y1}\" marker-end=\"url(#arrow)\"><title>");
            svg.Append(Html.Encode(name)).Append("</title></path>");
            svg.Append(c, $"<text class=\"edge-label\" x=\"{laneX - 4}\" y=\"{((y0 + y1) / 2) + 4}\">").Append(Html.Encode(Shorten(name))).Append("</text>");
        }

        // Initial variables: a pill each, with an arrow to every step that reads it before any step publishes it.
        for (var v = 0; v < initial.Count; v++)
        {
            var (name, readers) = initial[v];
            var y = pillY[v];
            svg.Append(c, $"<g class=\"variable\"><rect x=\"4\" y=\"{y}\" width=\"{PillWidth}\" height=\"{PillHeight}\" rx=\"12\"/>");
            svg.Append(c, $"<text x=\"{4 + (PillWidth / 2)}\" y=\"{y + 16}\" text-anchor=\"middle\">").Append(Html.Encode(Shorten(name, 20))).Append("<title>").Append(Html.Encode(name)).Append("</title></text></g>");
            foreach (var reader in readers)
            {
                var ty = RowY(reader) + (NodeHeight / 2);
                svg.Append(c, $"<path class=\"edge-input\" d=\"M {4 + PillWidth} {y + (PillHeight / 2)} C {NodeLeft - 30} {y + (PillHeight / 2)}, {NodeLeft - 40} {ty}, {NodeLeft - 2} {ty}\" marker-end=\"url(#arrow)\"/>");
            }
        }

        // The steps, coloured by status.
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var y = RowY(i);
            var cssClass = "node n-" + StatusTransitions.ToWireName(step.Status).ToLowerInvariant();
            if (step.Order == state.CurrentStep && !StatusTransitions.IsTerminal(state.Status)) cssClass += " current";
            svg.Append(c, $"<g class=\"{cssClass}\" data-step=\"{step.Order}\"><title>");
            svg.Append(Html.Encode($"{step.Order}. {step.Name} ({StatusTransitions.ToWireName(step.Status)})")).Append("</title>");
            svg.Append(c, $"<rect x=\"{NodeLeft}\" y=\"{y}\" width=\"{NodeWidth}\" height=\"{NodeHeight}\" rx=\"6\"/>");
            svg.Append(c, $"<text x=\"{NodeLeft + 10}\" y=\"{y + 23}\">").Append(Html.Encode(Shorten($"{step.Order}. {step.Name}"))).Append("</text></g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static int RowY(int index) => Top + (index * RowHeight);

    private static string Shorten(string text, int max = MaxLabel) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}

using System.Globalization;
using System.Text;

namespace IrlExec.Dashboard.Rendering;

/// <summary>
/// A small bar chart drawn on the server: per step, the estimated value and the actual one (summed over the step's
/// finished attempts), side by side, for cost or for time. Steps that have not run show their estimate only.
/// </summary>
internal static class CostChartSvg
{
    private const int LabelWidth = 130;
    private const int BarArea = 220;
    private const int ValueWidth = 130;
    private const int BarHeight = 9;
    private const int RowHeight = 26;
    private const int Top = 24;

    public enum Measure
    {
        Cost,
        Time,
    }

    public static string Render(ExecutionState state, Measure measure)
    {
        var steps = state.Steps.OrderBy(s => s.Order).ToList();
        var actual = new Dictionary<int, double>();
        var ran = new HashSet<int>();
        foreach (var record in state.ExecutionLog)
        {
            actual[record.Step] = actual.GetValueOrDefault(record.Step) + (measure == Measure.Cost ? (double)record.ActualCost : record.ActualSeconds);
            ran.Add(record.Step);
        }
        double Estimate(StepState s) => measure == Measure.Cost ? (double)s.EstimatedCost : s.EstimatedSeconds;
        var max = steps.Select(Estimate).Concat(actual.Values).DefaultIfEmpty(0).Max();
        if (max <= 0) max = 1;

        var width = LabelWidth + BarArea + ValueWidth;
        var height = Top + (steps.Count * RowHeight) + 4;
        var c = CultureInfo.InvariantCulture;
        var title = measure == Measure.Cost ? "Cost per step, estimated and actual" : "Time per step, estimated and actual";
        var svg = new StringBuilder(512 + (steps.Count * 400));
        svg.Append(c, $"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{title}\">");
        svg.Append(c, $"<g class=\"legend\"><rect class=\"bar-estimated\" x=\"{LabelWidth}\" y=\"4\" width=\"10\" height=\"10\"/><text x=\"{LabelWidth + 14}\" y=\"13\">estimated</text>");
        svg.Append(c, $"<rect class=\"bar-actual\" x=\"{LabelWidth + 90}\" y=\"4\" width=\"10\" height=\"10\"/><text x=\"{LabelWidth + 104}\" y=\"13\">actual</text></g>");
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var y = Top + (i * RowHeight);
            var estimate = Estimate(step);
            var hasActual = ran.Contains(step.Order);
            var real = actual.GetValueOrDefault(step.Order);
            svg.Append(c, $"<g class=\"row\" data-step=\"{step.Order}\"><text class=\"label\" x=\"{LabelWidth - 6}\" y=\"{y + 14}\" text-anchor=\"end\">");
            svg.Append(Html.Encode(Shorten($"{step.Order}. {step.Name}"))).Append("</text>");
            svg.Append(c, $"<rect class=\"bar-estimated\" x=\"{LabelWidth}\" y=\"{y + 2}\" width=\"{Width(estimate, max)}\" height=\"{BarHeight}\"/>");
            if (hasActual)
            {
                var over = real > estimate ? " over" : "";
                svg.Append(c, $"<rect class=\"bar-actual{over}\" x=\"{LabelWidth}\" y=\"{y + 2 + BarHeight + 1}\" width=\"{Width(real, max)}\" height=\"{BarHeight}\"/>");
            }
            var text = Show(estimate, measure) + " / " + (hasActual ? Show(real, measure) : "–");
            svg.Append(c, $"<text class=\"value\" x=\"{LabelWidth + BarArea + 8}\" y=\"{y + 14}\">").Append(Html.Encode(text)).Append("</text></g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Width(double value, double max) => Math.Max(value > 0 ? 1 : 0, value / max * BarArea).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Show(double value, Measure measure) => measure == Measure.Cost ? Format.Money((decimal)value) : Format.Seconds(value);

    private static string Shorten(string text) => text.Length <= 22 ? text : string.Concat(text.AsSpan(0, 21), "…");
}

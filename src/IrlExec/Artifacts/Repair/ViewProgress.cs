using System.Globalization;

namespace IrlExec;

/// <summary>
/// How far an execution got, as a view or its history shows it, and how two such showings compare. A view is "ahead"
/// of its history only on facts the history makes durable before anything else is written (a step's completion, a
/// status change, the end): a view cannot show those unless the history held them, so a view that shows more of them
/// proves the history has lost records. Everything else that differs is the view lagging.
/// </summary>
internal sealed class ViewProgress
{
    private ViewProgress(ExecutionStatus status, DateTimeOffset lastUpdated, SortedSet<int> completed, Dictionary<int, (StepStatus Status, int Attempts)> steps, int transitions)
    {
        Status = status;
        LastUpdated = lastUpdated;
        Completed = completed;
        Steps = steps;
        Transitions = transitions;
    }

    public ExecutionStatus Status { get; }

    public DateTimeOffset LastUpdated { get; }

    public SortedSet<int> Completed { get; }

    public Dictionary<int, (StepStatus Status, int Attempts)> Steps { get; }

    /// <summary>Status changes shown (0 where the view does not show them, e.g. a SIMULATION's markdown).</summary>
    public int Transitions { get; }

    public static ViewProgress Of(ExecutionState state) => new(
        state.Status,
        state.LastUpdated,
        new SortedSet<int>(state.Steps.Where(s => s.Status == StepStatus.Completed).Select(s => s.Order)),
        state.Steps.GroupBy(s => s.Order).ToDictionary(g => g.Key, g => (g.First().Status, g.First().Attempts)),
        state.Training.StateTransitions.Count);

    public enum Standing
    {
        Same,
        Behind,
        Ahead,
    }

    /// <summary>How <paramref name="view"/> stands against <paramref name="history"/>; for Ahead, what the view shows that the history lacks.</summary>
    public static (Standing Standing, string Extra) Compare(ViewProgress view, ViewProgress history)
    {
        var extra = new List<string>();
        var completed = view.Completed.Where(order => !history.Completed.Contains(order)).ToList();
        if (completed.Count > 0) extra.Add((completed.Count == 1 ? "step " : "steps ") + string.Join(", ", completed.Select(o => o.ToString(CultureInfo.InvariantCulture))) + " completed");
        if (StatusTransitions.IsTerminal(view.Status) && view.Status != history.Status) extra.Add("status " + StatusTransitions.ToWireName(view.Status));
        if (view.Transitions > history.Transitions && history.Transitions > 0)
        {
            extra.Add(string.Create(CultureInfo.InvariantCulture, $"{view.Transitions} status changes (the history has {history.Transitions})"));
        }
        if (extra.Count > 0) return (Standing.Ahead, string.Join(", ", extra));
        var same = view.Status == history.Status && view.LastUpdated == history.LastUpdated && view.Steps.Count == history.Steps.Count
            && view.Steps.All(pair => history.Steps.TryGetValue(pair.Key, out var h) && h == pair.Value);
        return (same ? Standing.Same : Standing.Behind, "");
    }

    /// <summary>What a view shows, in a few words: <c>IN_PROGRESS, 2 of 4 steps completed, last updated ...</c>.</summary>
    public string Describe(int totalSteps) => string.Create(CultureInfo.InvariantCulture,
        $"{StatusTransitions.ToWireName(Status)}, {Completed.Count} of {totalSteps} steps completed, last updated {LogLine.FormatTimestamp(LastUpdated)}");
}

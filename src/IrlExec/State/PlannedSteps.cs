namespace IrlExec;

/// <summary>
/// A new execution's planned steps as the live state keeps them while nobody has read
/// <see cref="ExecutionState.Steps"/>: the plan's steps (orders 1 to N, in order) and, per step, its status, attempts
/// and last error, instead of a <see cref="StepState"/> each. <see cref="ToList"/> makes the steps, as the projector
/// would have kept them, when the list is first read; from then on the projector changes those.
/// </summary>
internal sealed class PlannedSteps
{
    private readonly IReadOnlyList<StepPlan> _plan;
    private readonly Entry[] _entries;

    /// <summary>What the projector changes of a planned step.</summary>
    public struct Entry
    {
        public StepStatus Status;
        public int Attempts;
        public string? LastError;
    }

    private PlannedSteps(IReadOnlyList<StepPlan> plan)
    {
        _plan = plan;
        _entries = new Entry[plan.Count]; // PENDING, no attempt, no error
    }

    /// <summary>The plan's steps kept this way, or null when their orders are not 1 to N in order (kept as a list then).</summary>
    public static PlannedSteps? For(IReadOnlyList<StepPlan> plan)
    {
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i].Order != i + 1) return null;
        }
        return new PlannedSteps(plan);
    }

    /// <summary>Whether step <paramref name="order"/> is planned.</summary>
    public bool Has(int order) => (uint)(order - 1) < (uint)_entries.Length;

    /// <summary>Step <paramref name="order"/>'s entry (<see cref="Has"/> it first).</summary>
    public ref Entry At(int order) => ref _entries[order - 1];

    /// <summary>Step <paramref name="order"/>'s tool mapping (<see cref="Has"/> it first).</summary>
    public string ToolMapping(int order) => _plan[order - 1].ToolMapping;

    /// <summary>The lowest step after <paramref name="order"/> that is not completed, or <paramref name="order"/> when none is.</summary>
    public int NextAfter(int order)
    {
        for (var i = Math.Max(order, 0); i < _entries.Length; i++)
        {
            if (_entries[i].Status != StepStatus.Completed) return i + 1;
        }
        return order;
    }

    /// <summary>The steps as <see cref="StepState"/>s (new ones, in order).</summary>
    public List<StepState> ToList()
    {
        var steps = new List<StepState>(_entries.Length);
        for (var i = 0; i < _entries.Length; i++)
        {
            var step = StepState.Pending(_plan[i]);
            step.Status = _entries[i].Status;
            step.Attempts = _entries[i].Attempts;
            step.LastError = _entries[i].LastError;
            steps.Add(step);
        }
        return steps;
    }
}

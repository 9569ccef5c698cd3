namespace IrlExec.Dashboard.Data;

/// <summary>Where an execution is listed: running, waiting for something, or finished.</summary>
internal enum ListGroup
{
    Active = 0,
    Paused = 1,
    Recent = 2,
}

/// <summary>
/// One row of the executions list: what the list, its filters and the event stream need, derived from the execution's
/// history. Every text in it is already free of secrets (see <see cref="Redaction"/>).
/// </summary>
internal sealed record ExecutionSummary(
    string Id,
    string Workflow,
    ExecutionStatus Status,
    string? Damage,
    PauseInfo? Pause,
    ExecutionMode Mode,
    int StepsCompleted,
    int StepsTotal,
    int CurrentStep,
    string CurrentStepName,
    decimal EstimatedCost,
    decimal ActualCost,
    double EstimatedSeconds,
    double ActualSeconds,
    DateTimeOffset StartTime,
    DateTimeOffset LastUpdated,
    string Actor,
    string RunLabel,
    long Sequence)
{
    /// <summary>Finished executions (and damaged histories, which no runner can continue) are listed as recent.</summary>
    public ListGroup Group => Damage is not null || StatusTransitions.IsTerminal(Status)
        ? ListGroup.Recent
        : Status == ExecutionStatus.Paused ? ListGroup.Paused : ListGroup.Active;

    /// <summary>The status as written in files, or <c>DAMAGED</c> for a history that cannot be read.</summary>
    public string StatusText => Damage is not null ? "DAMAGED" : StatusTransitions.ToWireName(Status);

    /// <summary>The summary of a replayed history.</summary>
    public static ExecutionSummary From(string id, ExecutionState state, long sequence)
    {
        var metrics = state.ComputeMetrics();
        var current = state.FindStep(state.CurrentStep);
        return new ExecutionSummary(
            id,
            state.Workflow,
            state.Status,
            Damage: null,
            state.Status == ExecutionStatus.Paused ? PauseInfo.Of(state) : null,
            state.Mode,
            metrics.StepsCompleted,
            metrics.StepsTotal,
            state.CurrentStep,
            current is null ? "" : Redaction.Text(current.Name),
            metrics.EstimatedCost,
            metrics.ActualCost,
            metrics.EstimatedSeconds,
            metrics.ActualSeconds,
            state.StartTime,
            state.LastUpdated,
            Redaction.Text(state.Actor),
            Redaction.Text(state.RunLabel),
            sequence);
    }

    /// <summary>The row of a history that cannot be read: its id and what is wrong (secrets masked).</summary>
    public static ExecutionSummary Damaged(string id, string problem, DateTimeOffset seen) => new(
        id, "", ExecutionStatus.CompletedFailure, Redaction.Text(problem), null, ExecutionMode.Execution, 0, 0, 0, "",
        0m, 0m, 0, 0, default, seen, "", "", -1);
}

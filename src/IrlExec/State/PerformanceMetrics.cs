namespace IrlExec;

/// <summary>The <c>performance_metrics</c> of an execution: estimated against actual cost and time, and success rate.</summary>
public sealed class PerformanceMetrics
{
    /// <summary>The sum of the steps' estimated costs, in dollars.</summary>
    public decimal EstimatedCost { get; init; }

    /// <summary>The sum of the actual costs reported, in dollars.</summary>
    public decimal ActualCost { get; init; }

    /// <summary>The sum of the steps' estimated durations, in seconds.</summary>
    public double EstimatedSeconds { get; init; }

    /// <summary>The sum of the step attempts' actual durations, in seconds.</summary>
    public double ActualSeconds { get; init; }

    /// <summary>Steps completed.</summary>
    public int StepsCompleted { get; init; }

    /// <summary>Steps in the plan.</summary>
    public int StepsTotal { get; init; }

    /// <summary>Step attempts that failed.</summary>
    public int FailedAttempts { get; init; }

    /// <summary>Completed step attempts over completed and failed attempts (1 when none); paused attempts do not count.</summary>
    public double SuccessRate { get; init; }

    /// <summary>Step attempts that paused (a deliberate pause, a wait for a signal or a timer, a cancellation): not failures.</summary>
    public int PausedAttempts { get; init; }

    /// <summary>Computes the metrics of <paramref name="state"/>.</summary>
    public static PerformanceMetrics From(ExecutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var completed = state.Steps.Count(s => s.Status == StepStatus.Completed);
        var failedAttempts = state.ExecutionLog.Count(r => r.Errors is not null);
        var pausedAttempts = state.ExecutionLog.Count(r => r.PauseReason is not null && r.Errors is null);
        var finished = state.ExecutionLog.Count - pausedAttempts;
        return new PerformanceMetrics
        {
            EstimatedCost = state.Steps.Sum(s => s.EstimatedCost),
            ActualCost = state.ExecutionLog.Sum(r => r.ActualCost),
            EstimatedSeconds = Math.Round(state.Steps.Sum(s => s.EstimatedSeconds), 3),
            ActualSeconds = Math.Round(state.ExecutionLog.Sum(r => r.ActualSeconds), 3),
            StepsCompleted = completed,
            StepsTotal = state.Steps.Count,
            FailedAttempts = failedAttempts,
            PausedAttempts = pausedAttempts,
            SuccessRate = finished == 0 ? 1.0 : Math.Round((double)(finished - failedAttempts) / finished, 4),
        };
    }
}

namespace IrlExec;

/// <summary>How a run, simulation or resume ended (for now: it may be paused and resumed later).</summary>
public sealed class ExecutionResult
{
    internal ExecutionResult(ExecutionState state) => State = state;

    /// <summary>The full state.</summary>
    public ExecutionState State { get; }

    /// <summary>The execution id (pass it to <c>ResumeAsync</c>).</summary>
    public string ExecutionId => State.ExecutionId;

    /// <summary>The status it ended the call in.</summary>
    public ExecutionStatus Status => State.Status;

    /// <summary>SIMULATION or EXECUTION.</summary>
    public ExecutionMode Mode => State.Mode;

    /// <summary>Why it paused or failed, when it did.</summary>
    public string? Reason => State.StatusReason;

    /// <summary>True when every step completed.</summary>
    public bool Succeeded => State.Status == ExecutionStatus.CompletedSuccess;

    /// <summary>Estimated against actual cost and time (in SIMULATION, actuals are the estimates).</summary>
    public PerformanceMetrics Metrics => State.ComputeMetrics();

    /// <summary>
    /// Views that could not be written during the call (each names its file), and damaged views that were replaced. They
    /// never change how the execution ended (<see cref="Status"/> comes from the history); one that is not
    /// <see cref="ViewProblem.Repaired"/> lags the history until <see cref="ViewRepair"/> rebuilds it. Empty when every
    /// view was written.
    /// </summary>
    public IReadOnlyList<ViewProblem> ViewProblems { get; internal init; } = [];

    /// <summary>
    /// The files a resume of a finished execution rewrote because they lagged its history (see
    /// <see cref="WorkflowRunner.ResumeAsync"/>); empty otherwise. Nothing ran: a finished execution's history is immutable.
    /// </summary>
    public IReadOnlyList<string> RepairedViews { get; internal init; } = [];

    /// <summary>
    /// True when a resume ran and recorded nothing because <see cref="RunOptions.ResumeIf"/> found that the execution, as
    /// its history stood under the lease, no longer needed it; <see cref="State"/> is then that state.
    /// </summary>
    public bool Declined { get; internal init; }
}

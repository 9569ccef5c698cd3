namespace IrlExec;

/// <summary>
/// One run of a workflow and its status machine. Every transition is checked against <see cref="StatusTransitions"/>;
/// a refused one throws <see cref="InvalidStatusTransitionException"/> naming both states. Hosts that drive executions
/// by hand use it directly; the IrlExec analyzer checks its transitions at compile time.
/// </summary>
public sealed class WorkflowExecution
{
    private readonly Action<ExecutionStatus, ExecutionStatus, string?>? _onTransition;

    private WorkflowExecution(string id, string workflow, ExecutionMode mode, ExecutionStatus status, int currentStep, Action<ExecutionStatus, ExecutionStatus, string?>? onTransition)
    {
        Id = PathSafety.ExecutionId(id);
        Workflow = workflow;
        Mode = mode;
        Status = status;
        CurrentStep = currentStep;
        _onTransition = onTransition;
    }

    /// <summary>A new execution in <see cref="ExecutionStatus.Planning"/>.</summary>
    public static WorkflowExecution Create(string workflow, ExecutionMode mode, string? executionId = null, TimeProvider? timeProvider = null) =>
        new(executionId ?? ExecutionIds.New((timeProvider ?? TimeProvider.System).GetUtcNow()), PathSafety.WorkflowName(workflow), mode, ExecutionStatus.Planning, 0, null);

    /// <summary>A new execution, already started: <see cref="ExecutionStatus.InProgress"/>.</summary>
    public static WorkflowExecution Start(string workflow, ExecutionMode mode, string? executionId = null, TimeProvider? timeProvider = null)
    {
        var execution = Create(workflow, mode, executionId, timeProvider);
        execution.TransitionTo(ExecutionStatus.InProgress);
        return execution;
    }

    internal static WorkflowExecution Restore(string id, string workflow, ExecutionMode mode, ExecutionStatus status, int currentStep, Action<ExecutionStatus, ExecutionStatus, string?> onTransition) =>
        new(id, workflow, mode, status, currentStep, onTransition);

    /// <summary>The execution id.</summary>
    public string Id { get; }

    /// <summary>The workflow name.</summary>
    public string Workflow { get; }

    /// <summary>The current status.</summary>
    public ExecutionStatus Status { get; private set; }

    /// <summary>The step running or next (1-based); 0 before any step.</summary>
    public int CurrentStep { get; set; }

    /// <summary>SIMULATION or EXECUTION.</summary>
    public ExecutionMode Mode { get; }

    /// <summary>Why the execution paused or failed, when it did.</summary>
    public string? Reason { get; private set; }

    /// <summary>Whether the status is terminal.</summary>
    public bool IsFinished => StatusTransitions.IsTerminal(Status);

    /// <summary>Moves to <paramref name="status"/>.</summary>
    /// <exception cref="InvalidStatusTransitionException">The table does not allow the move.</exception>
    public void TransitionTo(ExecutionStatus status, string? reason = null)
    {
        var from = Status;
        if (!StatusTransitions.CanTransition(from, status)) throw new InvalidStatusTransitionException(from, status);
        _onTransition?.Invoke(from, status, reason);
        Status = status;
        Reason = reason;
    }

    /// <summary>Moves to <see cref="ExecutionStatus.Paused"/>.</summary>
    public void Pause(string reason) => TransitionTo(ExecutionStatus.Paused, reason);

    /// <summary>Moves to <see cref="ExecutionStatus.Resumed"/>.</summary>
    public void Resume() => TransitionTo(ExecutionStatus.Resumed);

    /// <summary>Moves to <see cref="ExecutionStatus.CompletedSuccess"/>.</summary>
    public void Complete() => TransitionTo(ExecutionStatus.CompletedSuccess);

    /// <summary>Moves to <see cref="ExecutionStatus.CompletedFailure"/>.</summary>
    public void Fail(string reason) => TransitionTo(ExecutionStatus.CompletedFailure, reason);
}

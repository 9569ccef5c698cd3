namespace IrlExec.Dashboard.Data;

/// <summary>Why a paused execution waits: what a person looking at the list needs to know to unblock it.</summary>
internal enum PauseKind
{
    /// <summary>A step paused itself (<see cref="StepContext.Pause"/>): nothing wakes it but a person's resume.</summary>
    HumanApproval,
    /// <summary>A step waits for a named signal (<c>StepContext.WaitForSignal</c>).</summary>
    Signal,
    /// <summary>A step waits until a time (<see cref="StepContext.PauseUntil"/>, <see cref="StepContext.PauseFor"/>).</summary>
    Timer,
    /// <summary>A step failed and used up its attempts.</summary>
    Failure,
    /// <summary>The run was cancelled.</summary>
    Cancelled,
    /// <summary>The process stopped while the execution ran.</summary>
    Interrupted,
    /// <summary>Paused for another reason (shown as given).</summary>
    Other,
}

/// <summary>
/// A paused execution's reason, classified (see <see cref="PauseKind"/>), with the reason's text (secrets masked), the
/// signal it awaits and the time its timer is due.
/// </summary>
internal sealed record PauseInfo(PauseKind Kind, string Reason, string? Signal = null, DateTimeOffset? WakeAt = null)
{
    /// <summary>The short label the list shows.</summary>
    public string Label => Kind switch
    {
        PauseKind.HumanApproval => "human approval",
        PauseKind.Signal => "signal awaited",
        PauseKind.Timer => "timer",
        PauseKind.Failure => "failure",
        PauseKind.Cancelled => "cancelled",
        PauseKind.Interrupted => "interrupted",
        _ => "paused",
    };

    /// <summary>
    /// Why <paramref name="state"/> (paused) waits. What the history records decides, not the wording of the reason (a step
    /// chooses its own): the signal the paused step awaits (<see cref="ExecutionState.WaitingForSignal"/>), its timer
    /// (<see cref="ExecutionState.WakeAt"/>), a step that paused itself, a step that failed. Only the runner's own
    /// pauses without a record of their own (a cancellation, a stopped process) are told apart by its fixed wording.
    /// </summary>
    public static PauseInfo Of(ExecutionState state)
    {
        var reason = Redaction.Text(state.StatusReason ?? "");
        var step = state.FindStep(state.CurrentStep);
        if (step?.Status == StepStatus.Paused)
        {
            // The step's StepPaused record set both fields (a cancellation sets neither).
            // WaitForSignal(name, until) records both: the signal, or the time, whichever comes first.
            if (state.WaitingForSignal is { } signal) return new PauseInfo(PauseKind.Signal, reason, Signal: Redaction.Text(signal), WakeAt: state.WakeAt);
            if (state.WakeAt is { } wakeAt) return new PauseInfo(PauseKind.Timer, reason, WakeAt: wakeAt);
            if (IsCancellation(reason)) return new PauseInfo(PauseKind.Cancelled, reason);
            return new PauseInfo(PauseKind.HumanApproval, reason);
        }
        if (reason.StartsWith("interrupted", StringComparison.Ordinal)) return new PauseInfo(PauseKind.Interrupted, reason);
        if (IsCancellation(reason)) return new PauseInfo(PauseKind.Cancelled, reason);
        if (step?.Status == StepStatus.Failed) return new PauseInfo(PauseKind.Failure, reason);
        return new PauseInfo(PauseKind.Other, reason);
    }

    // The runner's wording: "cancelled" for a step stopped by the run's token, "cancelled: stopped before step N ..." for
    // a run cancelled between steps.
    private static bool IsCancellation(string reason) =>
        reason.Equals("cancelled", StringComparison.Ordinal) || reason.StartsWith("cancelled:", StringComparison.Ordinal);
}

namespace IrlExec.Dashboard.Data;

/// <summary>Why a paused execution waits: what a person looking at the list needs to know to unblock it.</summary>
internal enum PauseKind
{
    /// <summary>A step asked for a person's approval.</summary>
    HumanApproval,
    /// <summary>A step waits for a named signal.</summary>
    Signal,
    /// <summary>A step waits until a time.</summary>
    Timer,
    /// <summary>A step failed and used up its attempts.</summary>
    Failure,
    /// <summary>The run was cancelled.</summary>
    Cancelled,
    /// <summary>The process stopped while the execution ran.</summary>
    Interrupted,
    /// <summary>A step paused for another reason (shown as given).</summary>
    Other,
}

/// <summary>A paused execution's reason, classified (see <see cref="PauseKind"/>), with the reason's text (secrets masked).</summary>
internal sealed record PauseInfo(PauseKind Kind, string Reason)
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

    /// <summary>Why <paramref name="state"/> (paused) waits, from its status reason.</summary>
    public static PauseInfo Of(ExecutionState state)
    {
        var reason = Redaction.Text(state.StatusReason ?? "");
        return new PauseInfo(Classify(reason), reason);
    }

    // The runner's own wording: "step N (name) failed: ..." when a step used up its attempts, "cancelled" when the run was
    // cancelled, "interrupted: ..." when the process stopped. Anything else is the step's own reason (StepContext.Pause).
    internal static PauseKind Classify(string reason)
    {
        if (reason.StartsWith("interrupted", StringComparison.OrdinalIgnoreCase)) return PauseKind.Interrupted;
        if (reason.Equals("cancelled", StringComparison.OrdinalIgnoreCase) || reason.StartsWith("cancelled:", StringComparison.OrdinalIgnoreCase)) return PauseKind.Cancelled;
        if (reason.StartsWith("step ", StringComparison.Ordinal) && reason.Contains(" failed: ", StringComparison.Ordinal)) return PauseKind.Failure;
        if (reason.Contains("approv", StringComparison.OrdinalIgnoreCase) || reason.Contains("human", StringComparison.OrdinalIgnoreCase) ||
            reason.Contains("review", StringComparison.OrdinalIgnoreCase))
        {
            return PauseKind.HumanApproval;
        }
        if (reason.Contains("signal", StringComparison.OrdinalIgnoreCase)) return PauseKind.Signal;
        if (reason.Contains("until ", StringComparison.OrdinalIgnoreCase) || reason.Contains("timer", StringComparison.OrdinalIgnoreCase)) return PauseKind.Timer;
        return PauseKind.Other;
    }
}

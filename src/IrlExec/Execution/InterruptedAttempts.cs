namespace IrlExec;

/// <summary>
/// Step attempts interrupted by their process stopping (killed, out of memory, FailFast, a lease taken over), as the
/// history records them: a <see cref="ExecutionEventKind.StepFailed"/> whose message starts with <see cref="Message"/>,
/// written by the resume that found the step still running. Counting them against
/// <see cref="StepPlan.MaxRecoveryAttempts"/> keeps a step that kills its process every time from being run again forever
/// (by one restarted host after another, or by each worker of a fleet in turn).
/// </summary>
internal static class InterruptedAttempts
{
    /// <summary>The message of an interrupted attempt's record (its start; the one that ends the recoveries goes on).</summary>
    public const string Message = "interrupted: the process stopped while the step was running";

    // Ends the message of the interrupted attempt that used up the step's budget: the count starts again after it.
    private const string EndOfRecoveries = "the step is not run again";

    /// <summary>Whether <paramref name="record"/> is an interrupted attempt.</summary>
    public static bool IsInterrupted(ExecutionEvent record) =>
        record.Kind == ExecutionEventKind.StepFailed && record.Message is { } message && message.StartsWith(Message, StringComparison.Ordinal);

    /// <summary>
    /// How many attempts of step <paramref name="order"/> the history records as interrupted since the step last used up
    /// its budget (since the execution began when it never did): a resume after that gives the step its whole budget again.
    /// </summary>
    public static int Count(IReadOnlyList<ExecutionEvent> history, int order)
    {
        var count = 0;
        for (var i = 0; i < history.Count; i++)
        {
            var record = history[i];
            if (record.Step != order || !IsInterrupted(record)) continue;
            count = record.Message!.EndsWith(EndOfRecoveries, StringComparison.Ordinal) ? 0 : count + 1;
        }
        return count;
    }

    /// <summary>The message of the interrupted attempt that goes past the budget: the step fails and is not run again.</summary>
    public static string Exhausted(int interrupted, int maxRecoveryAttempts) =>
        $"{Message} ({interrupted} interrupted attempt{(interrupted == 1 ? "" : "s")}, more than MaxRecoveryAttempts = {maxRecoveryAttempts}): "
        + $"resume the execution once the cause is fixed; until then {EndOfRecoveries}";
}

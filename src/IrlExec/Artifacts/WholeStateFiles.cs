namespace IrlExec;

/// <summary>
/// Which commits rewrite the files that show an execution's whole state (<c>execution_state.md</c>, its per-execution
/// copy and the JSON snapshot): every commit that ends a step attempt (completed or failed), changes a status or a
/// variable, or records anything else, but not one that only starts a step or holds what a running step recorded (log
/// lines, tool calls, state changes, messages: committed while the step runs, and shown with the attempt's end, which
/// follows them). The seed updates the state "after each step execution"; a step's start is in the history and the
/// log, and rewriting whole files at both ends of every step doubled their cost on the commit path. How often views are called at all on long
/// executions is the runtime's rule (see docs/storage.md, "When views are updated").
/// </summary>
internal static class WholeStateFiles
{
    /// <summary>Whether a commit of <paramref name="records"/> changes what the whole-state files show.</summary>
    public static bool ShouldRewrite(IReadOnlyList<ExecutionEvent> records)
    {
        foreach (var record in records)
        {
            if (record.Kind is not (ExecutionEventKind.StepStarted or ExecutionEventKind.LogWritten or ExecutionEventKind.ToolCallRecorded
                or ExecutionEventKind.StateChangeRecorded or ExecutionEventKind.MessageRecorded)) return true;
        }
        return false;
    }
}

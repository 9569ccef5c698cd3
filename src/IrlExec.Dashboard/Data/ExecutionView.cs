namespace IrlExec.Dashboard.Data;

/// <summary>
/// Everything one execution's page shows, derived from its history alone (so it reads the same from any store): the
/// replayed state, the log lines (as the log file has them), and the history's last sequence number.
/// </summary>
internal sealed class ExecutionView
{
    private ExecutionView(ExecutionState state, WorkflowPlan? plan, IReadOnlyList<LogLine> logTail, int logLines, long sequence)
    {
        State = state;
        Plan = plan;
        LogTail = logTail;
        LogLineCount = logLines;
        Sequence = sequence;
    }

    public ExecutionState State { get; }

    /// <summary>
    /// The plan the history recorded (at its creation, or its latest migration): the signals the execution takes and the
    /// variables it declares. Null for histories that predate recorded plans.
    /// </summary>
    public WorkflowPlan? Plan { get; }

    /// <summary>The last lines of the execution's log, oldest first.</summary>
    public IReadOnlyList<LogLine> LogTail { get; }

    /// <summary>How many lines the whole log has.</summary>
    public int LogLineCount { get; }

    public long Sequence { get; }

    /// <summary>Whether <paramref name="id"/> can name an execution at all (letters, digits, <c>_ - .</c>; no path).</summary>
    public static bool IsValidId(string id)
    {
        try
        {
            PathSafety.ExecutionId(id);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Reads and replays execution <paramref name="id"/>, or returns null when the store has no such execution.</summary>
    /// <exception cref="ExecutionDataException">Its history is damaged.</exception>
    public static async Task<ExecutionView?> LoadAsync(IExecutionStore store, string id, int tailLines, CancellationToken cancellationToken)
    {
        if (!IsValidId(id)) return null;
        var history = await store.ReadAsync(id, cancellationToken).ConfigureAwait(false);
        if (history is null || history.Count == 0) return null;
        var state = ExecutionStateProjector.Replay(history);
        state.ExecutionId = id;
        // The log file's lines come from the same records (ExecutionLogWriter.ToLine); step names never change, so the
        // final state names every step as the file does.
        var tail = new Queue<LogLine>(Math.Max(1, tailLines));
        var count = 0;
        WorkflowPlan? plan = null;
        foreach (var record in history)
        {
            if (record.Kind is ExecutionEventKind.ExecutionCreated or ExecutionEventKind.PlanMigrated && record.PlanShape is { } shape) plan = shape;
            if (ExecutionLogWriter.ToLine(state, record) is not { } line) continue;
            count++;
            if (tailLines == 0) continue;
            if (tail.Count == tailLines) tail.Dequeue();
            tail.Enqueue(line);
        }
        return new ExecutionView(state, plan, [.. tail], count, history[^1].Sequence);
    }
}

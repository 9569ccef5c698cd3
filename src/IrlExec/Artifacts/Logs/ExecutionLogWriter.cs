using System.Globalization;
using System.Text;

namespace IrlExec;

/// <summary>
/// Appends to <c>execution/logs/&lt;run label&gt;.log</c> (created empty by the store when it reserved the label) one
/// line per event: the steps' own log lines, each execution status change, and each step start, completion and failure.
/// One runner holds an execution at a time, so appends of a run never interleave.
/// </summary>
public sealed class ExecutionLogWriter(ExecutionLayout layout) : IExecutionObserver
{
    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        if (state.RunLabel.Length == 0) return ValueTask.CompletedTask;
        var text = new StringBuilder();
        foreach (var record in records)
        {
            var line = ToLine(state, record);
            if (line is not null) text.Append(SecretRedactor.Redact(line.Format())).Append('\n');
        }
        if (text.Length == 0) return ValueTask.CompletedTask;
        var path = layout.LogFile(state.RunLabel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
        return ValueTask.CompletedTask;
    }

    /// <summary>The log line for <paramref name="record"/>, or null when it is not logged.</summary>
    public static LogLine? ToLine(ExecutionState state, ExecutionEvent record)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(record);
        var step = record.Step is { } order ? state.FindStep(order) : null;
        var stepName = step?.Name ?? "workflow";
        string N(int? value) => (value ?? 0).ToString(CultureInfo.InvariantCulture);
        return record.Kind switch
        {
            ExecutionEventKind.LogWritten => new LogLine(record.Timestamp, record.Level ?? ExecutionLogLevel.Info, state.Workflow, stepName, record.Message ?? ""),
            ExecutionEventKind.StatusChanged => StatusLine(state, record),
            ExecutionEventKind.StepStarted => new LogLine(record.Timestamp, ExecutionLogLevel.Info, state.Workflow, stepName,
                $"Step {N(record.Step)} started (attempt {N(record.Attempt)})"),
            ExecutionEventKind.StepCompleted => new LogLine(record.Timestamp, ExecutionLogLevel.Info, state.Workflow, stepName,
                $"Step {N(record.Step)} completed in {MarkdownValueCodec.FormatSeconds(record.Seconds ?? 0)}, cost {MarkdownValueCodec.FormatCost(record.Cost ?? 0)}"),
            ExecutionEventKind.StepFailed => new LogLine(record.Timestamp, ExecutionLogLevel.Error, state.Workflow, stepName,
                $"Step {N(record.Step)} failed (attempt {N(record.Attempt)}): {record.Message}"),
            _ => null,
        };
    }

    private static LogLine StatusLine(ExecutionState state, ExecutionEvent record)
    {
        var to = record.Status ?? state.Status;
        var (word, level) = to switch
        {
            ExecutionStatus.InProgress => ("start", ExecutionLogLevel.Info),
            ExecutionStatus.Paused => ("pause", ExecutionLogLevel.Warn),
            ExecutionStatus.Resumed => ("resume", ExecutionLogLevel.Info),
            ExecutionStatus.CompletedSuccess => ("complete", ExecutionLogLevel.Info),
            ExecutionStatus.CompletedFailure => ("fail", ExecutionLogLevel.Error),
            _ => ("plan", ExecutionLogLevel.Info),
        };
        var from = record.FromStatus is { } f ? StatusTransitions.ToWireName(f) + " → " : "";
        var message = $"Execution {state.ExecutionId} {from}{StatusTransitions.ToWireName(to)}";
        if (to == ExecutionStatus.InProgress) message += $" ({state.Mode.ToWireName()}, {state.Steps.Count} steps)";
        if (!string.IsNullOrEmpty(record.Message)) message += ": " + record.Message;
        return new LogLine(record.Timestamp, level, state.Workflow, word, message);
    }
}

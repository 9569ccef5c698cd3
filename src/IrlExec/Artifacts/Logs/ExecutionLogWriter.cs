using System.Buffers;
using System.Globalization;
using System.Text;

namespace IrlExec;

/// <summary>
/// Appends to <c>execution/logs/&lt;run label&gt;.log</c> (created empty by the store when it reserved the label) one
/// line per event: the steps' own log lines, each execution status change, and each step start, completion and failure.
/// One runner holds an execution at a time, so appends of a run never interleave.
/// </summary>
public sealed class ExecutionLogWriter(ExecutionLayout layout) : IExecutionObserver, IViewFile, IIndependentView
{
    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        if (state.RunLabel.Length == 0) return ValueTask.CompletedTask;
        // A builder's first chunk is as long as the capacity asked: kept under the large object heap's threshold.
        var text = new StringBuilder(Math.Min(records.Count * 96, 8000));
        var tags = new StepTags();
        foreach (var record in records)
        {
            var line = ToLine(state, record, ref tags);
            if (line is not null) line.AppendTo(text).Append('\n');
            BackgroundWork.Yield();
        }
        if (text.Length == 0) return ValueTask.CompletedTask;
        var path = layout.LogFile(state.RunLabel);
        ExecutionLinks.Refuse(layout, path); // appended in place: a link would send the lines elsewhere
        try
        {
            using var stream = OpenForAppend(layout, path);
            WriteMasked(text, stream);
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            throw new DiskFullException(path, state.ExecutionId, e);
        }
        return ValueTask.CompletedTask;
    }

    string? IViewFile.FileFor(ExecutionState state) => state.RunLabel.Length == 0 ? null : layout.LogFile(state.RunLabel);

    // The folder is created when it is missing (the run label's reservation made it), not before every append.
    private static FileStream OpenForAppend(ExecutionLayout layout, string path)
    {
        try
        {
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (IOException e) when (MissingFolder.Caused(e))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            ExecutionLinks.Refuse(layout, path);
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        }
    }

    bool IIndependentView.RunsAlongside(ExecutionState state) => true;

    /// <summary>
    /// The log text of a whole history as this writer appends it (every line masked, each ending with a newline): how
    /// the view repair finds the lines a log lacks. Each line is rendered with the state as it was once its record was
    /// applied, as the writer renders it at the end of the commit the record came in (a pause's level, for one, depends
    /// on the step it paused).
    /// </summary>
    internal static string Render(string executionId, IEnumerable<ExecutionEvent> history)
    {
        var state = new ExecutionState { ExecutionId = executionId };
        var text = new StringBuilder();
        var tags = new StepTags();
        foreach (var record in history)
        {
            ExecutionStateProjector.Apply(state, record);
            state.ExecutionId = executionId;
            if (ToLine(state, record, ref tags) is { } line) text.Append(SecretRedactor.Redact(line.Format())).Append('\n');
        }
        return text.ToString();
    }

    // Every line is masked (SecretRedactor.Redact). A line the credential pattern matches is a match in the text of all
    // the lines too (a line break is a non-word character, like the ends of a line), so when the whole text holds no
    // match, which is nearly always, it is written as it is, without a string per line.
    private static void WriteMasked(StringBuilder text, Stream stream)
    {
        var chars = ArrayPool<char>.Shared.Rent(text.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            text.CopyTo(0, chars, text.Length);
            ReadOnlySpan<char> all = chars.AsSpan(0, text.Length);
            if (SecretRedactor.LooksSecret(all))
            {
                // Lines hold no '\n' (LogLine writes line breaks as \n): the text splits back into exactly its lines.
                var masked = new StringBuilder(text.Length);
                foreach (var line in all[..^1].ToString().Split('\n')) masked.Append(SecretRedactor.Redact(line)).Append('\n');
                stream.Write(Encoding.UTF8.GetBytes(masked.ToString()));
                return;
            }
            stream.Write(bytes, 0, Encoding.UTF8.GetBytes(all, bytes));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    // The tag of the step logged last: a step's lines come together (its start, its own lines, its end).
    private struct StepTags
    {
        private string? _name;
        private string? _tag;

        public string For(string name)
        {
            if (!ReferenceEquals(name, _name))
            {
                _tag = StepTag(name);
                _name = name;
            }
            return _tag!;
        }
    }

    /// <summary>The log line for <paramref name="record"/>, or null when it is not logged.</summary>
    public static LogLine? ToLine(ExecutionState state, ExecutionEvent record)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(record);
        var tags = new StepTags();
        return ToLine(state, record, ref tags);
    }

    private static LogLine? ToLine(ExecutionState state, ExecutionEvent record, ref StepTags tags)
    {
        // Steps are kept in order 1..N, so the step is found by index; FindStep (a search) covers anything else.
        var step = record.Step is { } order ? (order >= 1 && order <= state.Steps.Count && state.Steps[order - 1].Order == order ? state.Steps[order - 1] : state.FindStep(order)) : null;
        var stepName = step is null ? "workflow" : tags.For(step.Name);
        var invariant = CultureInfo.InvariantCulture;
        return record.Kind switch
        {
            ExecutionEventKind.LogWritten => new LogLine(record.Timestamp, record.Level ?? ExecutionLogLevel.Info, state.Workflow, stepName, record.Message ?? ""),
            ExecutionEventKind.StatusChanged => StatusLine(state, record),
            ExecutionEventKind.StepStarted => new LogLine(record.Timestamp, ExecutionLogLevel.Info, state.Workflow, stepName,
                string.Create(invariant, $"Step {record.Step ?? 0} started (attempt {record.Attempt ?? 0})")),
            ExecutionEventKind.StepCompleted => new LogLine(record.Timestamp, ExecutionLogLevel.Info, state.Workflow, stepName,
                string.Create(invariant, $"Step {record.Step ?? 0} completed in {MarkdownValueCodec.FormatSeconds(record.Seconds ?? 0)}, cost {MarkdownValueCodec.FormatCost(record.Cost ?? 0)}")),
            ExecutionEventKind.StepFailed => new LogLine(record.Timestamp, ExecutionLogLevel.Error, state.Workflow, stepName,
                string.Create(invariant, $"Step {record.Step ?? 0} failed (attempt {record.Attempt ?? 0}): {record.Message}")),
            // A pause is not a failure: INFO, and worded as what it waits for.
            ExecutionEventKind.StepPaused => new LogLine(record.Timestamp, ExecutionLogLevel.Info, state.Workflow, stepName, PausedText(record)),
            ExecutionEventKind.SignalReceived => new LogLine(record.Timestamp, ExecutionLogLevel.Info, state.Workflow, "signal",
                $"Signal '{record.Name}' received{(string.IsNullOrEmpty(record.Actor) ? "" : " from " + record.Actor)}: {LogValue(record.Value)}"),
            _ => null,
        };
    }

    private static string PausedText(ExecutionEvent record)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"Step {record.Step ?? 0} paused (attempt {record.Attempt ?? 0}): {record.Message}");
        if (record.Name is { } signal) text += $" [waits for signal '{signal}']";
        if (record.WakeAt is { } wakeAt) text += $" [wakes at {MarkdownValueCodec.FormatTimestamp(wakeAt)}]";
        return text;
    }

    // A payload on one line, shortened: the log is for reading; the history holds it whole.
    private static string LogValue(string? json)
    {
        var text = (json ?? "null").ReplaceLineEndings(" ");
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    /// <summary>
    /// The <c>[STEP]</c> tag of a step: its name in lowercase words joined by dashes, like the seed's <c>[list]</c> and
    /// <c>[approve]</c> (<c>List Incidents</c> and <c>ListIncidents</c> both become <c>list-incidents</c>).
    /// </summary>
    public static string StepTag(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var tag = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsLetterOrDigit(c))
            {
                var wordStart = char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if (wordStart && tag.Length > 0 && tag[^1] != '-') tag.Append('-');
                tag.Append(char.ToLowerInvariant(c));
            }
            else if (tag.Length > 0 && tag[^1] != '-') tag.Append('-');
        }
        var result = tag.ToString().Trim('-');
        return result.Length == 0 ? "step" : result;
    }

    private static LogLine StatusLine(ExecutionState state, ExecutionEvent record)
    {
        var to = record.Status ?? state.Status;
        // A pause the step asked for (its step is PAUSED) is INFO; a pause after a failure or a crash is a WARN.
        var requested = to == ExecutionStatus.Paused && state.FindStep(state.CurrentStep)?.Status == StepStatus.Paused;
        var (word, level) = to switch
        {
            ExecutionStatus.InProgress => ("start", ExecutionLogLevel.Info),
            ExecutionStatus.Paused => ("pause", requested ? ExecutionLogLevel.Info : ExecutionLogLevel.Warn),
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

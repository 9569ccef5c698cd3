using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IrlExec.Hosting;

/// <summary>
/// Sends every execution log line (the lines of <c>execution/logs/&lt;run&gt;.log</c>: a step's own lines, step starts,
/// completions, pauses and failures, status changes, signals) to <see cref="ILogger"/> as well: category = the workflow
/// name, levels mapped (DEBUG→Debug, INFO→Information, WARN→Warning, ERROR→Error), the message masked as in the file,
/// and the execution id, workflow, step, attempt and mode as structured properties, both in a scope and in the entry.
/// </summary>
internal sealed class ExecutionLogForwarder(ILoggerFactory factory) : IExecutionObserver
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);
    private readonly Func<string, ILogger> _createLogger = factory.CreateLogger;

    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        var logger = _loggers.GetOrAdd(state.Workflow, _createLogger);
        // A logger that takes none of the levels lines map to gets nothing, and nothing is formatted, not even a line's level.
        if (!(logger.IsEnabled(LogLevel.Error) || logger.IsEnabled(LogLevel.Warning) || logger.IsEnabled(LogLevel.Information) || logger.IsEnabled(LogLevel.Debug)))
        {
            return ValueTask.CompletedTask;
        }
        foreach (var record in records)
        {
            if (record.Kind is not (ExecutionEventKind.LogWritten or ExecutionEventKind.StatusChanged or ExecutionEventKind.StepStarted
                or ExecutionEventKind.StepCompleted or ExecutionEventKind.StepFailed or ExecutionEventKind.StepPaused or ExecutionEventKind.SignalReceived))
            {
                continue;
            }
            LogLine? line = null;
            LogLevel level;
            if (record.Kind == ExecutionEventKind.LogWritten)
            {
                level = Map(record.Level ?? ExecutionLogLevel.Info);
            }
            else
            {
                // The level of a runner's line (a step's start, end, ...) is the line's: made once, used below too.
                line = ExecutionLogWriter.ToLine(state, record);
                if (line is null) continue;
                level = Map(line.Level);
            }
            if (!logger.IsEnabled(level)) continue; // nothing formatted for a level that is off
            line ??= ExecutionLogWriter.ToLine(state, record);
            if (line is null) continue;
            // A step's own lines carry no attempt number: it is the step's current attempt.
            var attempt = record.Attempt ?? (record.Step is { } order ? state.FindStep(order)?.Attempts : null);
            // A generated log method's line also carries its template and its placeholders' values (masked when recorded).
            var named = record.Kind == ExecutionEventKind.LogWritten ? record.Values : null;
            var template = named is null ? null : record.Name;
            var entry = new ExecutionLogEntry(state.ExecutionId, state.Workflow, line.Step, record.Step, attempt, state.Mode.ToWireName(), SecretRedactor.Redact(line.Message), template, named);
            using (logger.BeginScope(entry.ScopeProperties()))
            {
                logger.Log(level, new EventId((int)record.Kind, record.Kind.ToString()), entry, null, static (e, _) => e.Message);
            }
        }
        return ValueTask.CompletedTask;
    }

    internal static LogLevel Map(ExecutionLogLevel level) => level switch
    {
        ExecutionLogLevel.Debug => LogLevel.Debug,
        ExecutionLogLevel.Warn => LogLevel.Warning,
        ExecutionLogLevel.Error => LogLevel.Error,
        _ => LogLevel.Information,
    };
}

/// <summary>
/// One forwarded line: its structured properties (what <c>{Property}</c> placeholders and log stores read) and its message.
/// A line of a generated log method (<see cref="StepLogAttribute"/>) adds its placeholders' values, and its template is
/// the <c>{OriginalFormat}</c>; a placeholder named like one of the line's own properties (<c>Step</c>, ...) is left out.
/// </summary>
internal sealed class ExecutionLogEntry(string executionId, string workflow, string stepTag, int? step, int? attempt, string mode, string message,
    string? template = null, IReadOnlyList<NamedValue>? values = null)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    private static readonly string[] OwnNames = ["ExecutionId", "Workflow", "Step", "StepOrder", "Attempt", "Mode", "{OriginalFormat}"];

    public string Message => message;

    private KeyValuePair<string, object?>[] Properties => _properties ??= BuildProperties();

    private KeyValuePair<string, object?>[]? _properties;

    private KeyValuePair<string, object?>[] BuildProperties()
    {
        var properties = new List<KeyValuePair<string, object?>>(OwnNames.Length + (values?.Count ?? 0))
        {
            new("ExecutionId", executionId),
            new("Workflow", workflow),
            new("Step", stepTag),
            new("StepOrder", step),
            new("Attempt", attempt),
            new("Mode", mode),
        };
        if (values is not null)
        {
            foreach (var value in values)
            {
                if (Array.IndexOf(OwnNames, value.Name) < 0) properties.Add(new(value.Name, SecretRedactor.Redact(value.Value)));
            }
        }
        properties.Add(new("{OriginalFormat}", template is not null
            ? SecretRedactor.Redact(template)
            : message.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal)));
        return [.. properties];
    }

    public IReadOnlyList<KeyValuePair<string, object?>> ScopeProperties() =>
    [
        new("ExecutionId", executionId),
        new("Workflow", workflow),
        new("Step", stepTag),
        new("Attempt", attempt),
        new("Mode", mode),
    ];

    public int Count => Properties.Length;

    public KeyValuePair<string, object?> this[int index] => Properties[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Properties).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => message;
}

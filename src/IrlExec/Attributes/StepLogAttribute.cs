namespace IrlExec;

/// <summary>
/// Declares a generated log method, as <c>LoggerMessage</c> does for <c>ILogger</c>: on a <c>partial void</c> method
/// whose first parameter is the <see cref="StepContext"/>, the IrlExec generator writes a body that, when
/// its <see cref="Level"/> is on (<see cref="StepContext.IsEnabled"/>), formats its <see cref="Message"/> with the
/// method's arguments and writes it as a log line (<c>[TIMESTAMP] [LEVEL] [WORKFLOW] [STEP] Message</c>, secrets masked),
/// with each placeholder's value as a named value (a structured property of the <c>ILogger</c> event under
/// IrlExec.Hosting); when the level is off it returns before formatting or boxing anything.
/// </summary>
/// <example>
/// <code>
/// [StepLog(ExecutionLogLevel.Info, "Analyzing incident {IncidentId} ({Count} files)")]
/// private static partial void LogAnalyzing(StepContext context, string incidentId, int count);
/// </code>
/// </example>
/// <remarks>
/// A placeholder <c>{Name}</c> takes the parameter of that name (compared ignoring case), and may carry a format
/// (<c>{Amount:F2}</c>) and an alignment (<c>{Name,-10}</c>); values are formatted with the invariant culture. <c>{{</c> and
/// <c>}}</c> write a brace. Every placeholder needs a parameter (IRL0032) and every parameter a placeholder (IRL0033).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class StepLogAttribute : Attribute
{
    /// <summary>Declares a log method writing <paramref name="message"/> at <paramref name="level"/>.</summary>
    /// <param name="level">The level of the line.</param>
    /// <param name="message">The message template, e.g. <c>"Analyzing incident {IncidentId}"</c>.</param>
    public StepLogAttribute(ExecutionLogLevel level, string message)
    {
        Level = level;
        Message = message;
    }

    /// <summary>The level of the line.</summary>
    public ExecutionLogLevel Level { get; }

    /// <summary>The message template.</summary>
    public string Message { get; }
}

namespace IrlExec;

/// <summary>How an execution runs its steps.</summary>
public enum ExecutionMode
{
    /// <summary>A dry run: no side effects; outputs come from <see cref="ISimulatedStep"/> or the step's declared defaults; costs and times are the estimates. Written <c>SIMULATION</c>.</summary>
    Simulation = 0,

    /// <summary>The real run: <see cref="IStep.ExecuteAsync"/> is called. Written <c>EXECUTION</c>.</summary>
    Execution = 1,
}

/// <summary>The level of an execution log line (<c>[INFO]</c>, ...).</summary>
public enum ExecutionLogLevel
{
    /// <summary>Written <c>DEBUG</c>.</summary>
    Debug = 0,
    /// <summary>Written <c>INFO</c>.</summary>
    Info = 1,
    /// <summary>Written <c>WARN</c>.</summary>
    Warn = 2,
    /// <summary>Written <c>ERROR</c>.</summary>
    Error = 3,
}

/// <summary>File spellings of <see cref="ExecutionMode"/> and <see cref="ExecutionLogLevel"/>.</summary>
public static class WireNames
{
    /// <summary><c>SIMULATION</c> or <c>EXECUTION</c>.</summary>
    public static string ToWireName(this ExecutionMode mode) => mode switch
    {
        ExecutionMode.Simulation => "SIMULATION",
        ExecutionMode.Execution => "EXECUTION",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown mode."),
    };

    /// <summary><c>DEBUG</c>, <c>INFO</c>, <c>WARN</c> or <c>ERROR</c>.</summary>
    public static string ToWireName(this ExecutionLogLevel level) => level switch
    {
        ExecutionLogLevel.Debug => "DEBUG",
        ExecutionLogLevel.Info => "INFO",
        ExecutionLogLevel.Warn => "WARN",
        ExecutionLogLevel.Error => "ERROR",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown level."),
    };

    /// <summary>Reads <c>SIMULATION</c> or <c>EXECUTION</c>.</summary>
    public static bool TryParseMode(string? text, out ExecutionMode mode)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "SIMULATION": mode = ExecutionMode.Simulation; return true;
            case "EXECUTION": mode = ExecutionMode.Execution; return true;
            default: mode = default; return false;
        }
    }

    /// <summary>Reads <c>DEBUG</c>, <c>INFO</c>, <c>WARN</c> (or <c>WARNING</c>) or <c>ERROR</c>.</summary>
    public static bool TryParseLevel(string? text, out ExecutionLogLevel level)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "DEBUG": level = ExecutionLogLevel.Debug; return true;
            case "INFO": level = ExecutionLogLevel.Info; return true;
            case "WARN":
            case "WARNING": level = ExecutionLogLevel.Warn; return true;
            case "ERROR": level = ExecutionLogLevel.Error; return true;
            default: level = default; return false;
        }
    }
}

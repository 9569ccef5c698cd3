using System.Diagnostics.CodeAnalysis;

namespace IrlExec.Hosting.Tests;

/// <summary>A generated workflow whose step writes through generated log methods ([StepLog]).</summary>
[Workflow("incident-log")]
public partial class StepLogWorkflow
{
    [Variable] public required string IncidentId { get; init; }
    [Variable("api_token"), Secret] public string Token { get; init; } = "";

    /// <summary>Counts how often a <see cref="Counted"/> was formatted (the step's values format through it).</summary>
    public static readonly FormatCounter Formats = new();

    [Step(1, Name = "analyze")]
    public partial class Analyze : IStep
    {
        [Input] public string IncidentId { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            LogAnalyzing(context, IncidentId, new Counted(3, Formats));
            LogCost(context, 12.5m, new Counted(4, Formats));
            // A secret read by name, which the analyzer cannot follow: the runtime masks it in the line and in the value.
            LogCalling(context, "Bearer " + context.Variables.GetString("api_token"));
            LogDetail(context, new Counted(5, Formats));
            return ValueTask.CompletedTask;
        }

        [StepLog(ExecutionLogLevel.Info, "Analyzing incident {IncidentId} ({Count} files)")]
        private static partial void LogAnalyzing(StepContext context, string incidentId, Counted count);

        [StepLog(ExecutionLogLevel.Warn, "Cost {Amount:F2} for {Retries,3} retries")]
        private static partial void LogCost(StepContext context, decimal amount, Counted retries);

        [StepLog(ExecutionLogLevel.Info, "Calling with {Header}")]
        private static partial void LogCalling(StepContext context, string header);

        [StepLog(ExecutionLogLevel.Debug, "Detail {Value}")]
        private static partial void LogDetail(StepContext context, Counted value);
    }
}

/// <summary>A count of formatting calls.</summary>
public sealed class FormatCounter
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Reset() => Interlocked.Exchange(ref _calls, 0);

    internal void Add() => Interlocked.Increment(ref _calls);
}

/// <summary>A value type that counts every time it is formatted (ToString or TryFormat): a level that is off must format nothing.</summary>
public readonly struct Counted(int value, FormatCounter counter) : ISpanFormattable
{
    public string ToString([StringSyntax(StringSyntaxAttribute.NumericFormat)] string? format, IFormatProvider? formatProvider)
    {
        counter.Add();
        return value.ToString(format, formatProvider);
    }

    public override string ToString() => ToString(null, null);

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        counter.Add();
        return value.TryFormat(destination, out charsWritten, format, provider);
    }
}

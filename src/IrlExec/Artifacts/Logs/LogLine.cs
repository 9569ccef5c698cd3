using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IrlExec;

/// <summary>
/// One line of an execution log, in the seed's format: <c>[2026-02-08T00:47:25Z] [INFO] [incident-approval] [list] Message</c>
/// (ISO 8601 UTC to the second; levels DEBUG, INFO, WARN, ERROR; the step name, or a workflow-level word such as
/// <c>start</c>, <c>pause</c>, <c>resume</c>, <c>complete</c>, <c>fail</c> for execution events).
/// </summary>
public sealed partial record LogLine(DateTimeOffset Timestamp, ExecutionLogLevel Level, string Workflow, string Step, string Message)
{
    /// <summary>The line as written (no newline). Line breaks in the message are written as <c>\n</c>; <c>]</c> in names as <c>)</c>.</summary>
    public string Format() => AppendTo(new StringBuilder(96 + Message.Length)).ToString();

    /// <summary>Appends the line as written (no newline) to <paramref name="text"/>: what <see cref="Format"/> returns.</summary>
    internal StringBuilder AppendTo(StringBuilder text)
    {
        Span<char> time = stackalloc char[TimestampLength];
        text.Append('[').Append(time[..WriteTimestamp(Timestamp, time)]).Append("] [").Append(Level.ToWireName()).Append("] [")
            .Append(Name(Workflow)).Append("] [").Append(Name(Step)).Append("] ").Append(OneLine(Message));
        return text;
    }

    /// <inheritdoc />
    public override string ToString() => Format();

    /// <summary><c>2026-02-08T00:47:25Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp)
    {
        Span<char> time = stackalloc char[TimestampLength];
        return new string(time[..WriteTimestamp(timestamp, time)]);
    }

    private const int TimestampLength = 20; // 2026-02-08T00:47:25Z

    // "s" is the invariant sortable pattern yyyy'-'MM'-'dd'T'HH':'mm':'ss (formatted without parsing a custom pattern).
    private static int WriteTimestamp(DateTimeOffset timestamp, Span<char> time)
    {
        if (!timestamp.UtcDateTime.TryFormat(time, out var written, "s", CultureInfo.InvariantCulture)) throw new UnreachableException();
        time[written] = 'Z';
        return written + 1;
    }

    /// <summary>Parses one line, or returns null with <paramref name="problem"/> saying what was expected.</summary>
    public static LogLine? TryParse(string line, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = Pattern().Match(line);
        if (!match.Success)
        {
            problem = "expected '[TIMESTAMP] [LEVEL] [WORKFLOW] [STEP] Message', e.g. '[2026-02-08T00:47:25Z] [INFO] [incident-approval] [list] Listed 12 incidents'.";
            return null;
        }
        if (!DateTimeOffset.TryParseExact(match.Groups["time"].Value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            problem = $"expected an ISO 8601 UTC timestamp such as 2026-02-08T00:47:25Z, found '{match.Groups["time"].Value}'.";
            return null;
        }
        if (!WireNames.TryParseLevel(match.Groups["level"].Value, out var level))
        {
            problem = $"expected the level DEBUG, INFO, WARN or ERROR, found '{match.Groups["level"].Value}'.";
            return null;
        }
        problem = null;
        return new LogLine(time, level, match.Groups["workflow"].Value, match.Groups["step"].Value, match.Groups["message"].Value);
    }

    // A run's end logs every line of the run at once (its views run once, at its end): a name or message with nothing to
    // replace, nearly all of them, is found so with one search and used as it is.
    private static readonly System.Buffers.SearchValues<char> NameBreakers = System.Buffers.SearchValues.Create("\r\n]");

    private static string Name(string value) => value.AsSpan().IndexOfAny(NameBreakers) < 0 ? value : OneLine(value).Replace(']', ')');

    private static string OneLine(string value) =>
        value.AsSpan().IndexOfAny('\r', '\n') < 0 ? value : value.Replace("\r\n", "\\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\\n", StringComparison.Ordinal);

    [GeneratedRegex(@"^\[(?<time>[^\]]*)\] \[(?<level>[A-Za-z]+)\] \[(?<workflow>[^\]]*)\] \[(?<step>[^\]]*)\] ?(?<message>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

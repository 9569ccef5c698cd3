using System.Text.Json;
using System.Text.Json.Serialization;

namespace IrlExec.Internal;

// JSON files spell statuses, modes and levels exactly as execution_state.md does (IN_PROGRESS, SIMULATION, WARN).

internal abstract class WireNameConverter<T> : JsonConverter<T> where T : struct, Enum
{
    protected abstract string ToWire(T value);

    protected abstract bool TryParse(string? text, out T value);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not a valid {typeof(T).Name}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(ToWire(value));
}

internal sealed class ExecutionStatusConverter : WireNameConverter<ExecutionStatus>
{
    protected override string ToWire(ExecutionStatus value) => StatusTransitions.ToWireName(value);
    protected override bool TryParse(string? text, out ExecutionStatus value) => StatusTransitions.TryParseExecutionStatus(text, out value);
}

internal sealed class StepStatusConverter : WireNameConverter<StepStatus>
{
    protected override string ToWire(StepStatus value) => StatusTransitions.ToWireName(value);
    protected override bool TryParse(string? text, out StepStatus value) => StatusTransitions.TryParseStepStatus(text, out value);
}

internal sealed class ExecutionModeConverter : WireNameConverter<ExecutionMode>
{
    protected override string ToWire(ExecutionMode value) => value.ToWireName();
    protected override bool TryParse(string? text, out ExecutionMode value) => WireNames.TryParseMode(text, out value);
}

internal sealed class ExecutionLogLevelConverter : WireNameConverter<ExecutionLogLevel>
{
    protected override string ToWire(ExecutionLogLevel value) => value.ToWireName();
    protected override bool TryParse(string? text, out ExecutionLogLevel value) => WireNames.TryParseLevel(text, out value);
}

// Timestamps in files are ISO 8601 UTC with a 'Z' (the seed's rule: "Timestamp everything - Use ISO 8601 UTC format").
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => WriteValue(writer, value);

    /// <summary>Writes <paramref name="value"/> as a JSON string in <see cref="UtcTimestamp.Format"/>.</summary>
    public static void WriteValue(Utf8JsonWriter writer, DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[UtcTimestamp.MaxLength];
        writer.WriteStringValue(text[..UtcTimestamp.Write(value.UtcDateTime, text)]);
    }
}

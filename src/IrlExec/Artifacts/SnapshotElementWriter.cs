using System.Text.Json;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// Writes a snapshot's steps and execution log entries member by member, exactly as the serializer writes them with
/// <c>JsonFiles.Readable</c> (the same members in declaration order, snake_case names, null members left out, statuses
/// and timestamps as their converters spell them; SnapshotElementWriterTests compares the bytes over thousands of random
/// elements). IrlExec's converters turn the source generator's fast path off, and the serializer's walk over its
/// metadata was most of a snapshot rewrite's time: each rewrite serializes every step and log entry that changed since
/// the last one (<see cref="SnapshotRenderer"/> keeps the rest), a few hundred in the pass a run waits for at its end.
/// </summary>
internal static class SnapshotElementWriter
{
    private static readonly JsonEncodedText OrderName = JsonEncodedText.Encode("order");
    private static readonly JsonEncodedText ComponentName = JsonEncodedText.Encode("component");
    private static readonly JsonEncodedText ToolMappingName = JsonEncodedText.Encode("tool_mapping");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText InputsName = JsonEncodedText.Encode("inputs");
    private static readonly JsonEncodedText ExpectedOutputsName = JsonEncodedText.Encode("expected_outputs");
    private static readonly JsonEncodedText EstimatedCostName = JsonEncodedText.Encode("estimated_cost");
    private static readonly JsonEncodedText EstimatedSecondsName = JsonEncodedText.Encode("estimated_seconds");
    private static readonly JsonEncodedText SideEffectsName = JsonEncodedText.Encode("side_effects");
    private static readonly JsonEncodedText AttemptsName = JsonEncodedText.Encode("attempts");
    private static readonly JsonEncodedText LastErrorName = JsonEncodedText.Encode("last_error");
    private static readonly JsonEncodedText StepName = JsonEncodedText.Encode("step");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText AttemptName = JsonEncodedText.Encode("attempt");
    private static readonly JsonEncodedText ToolUsedName = JsonEncodedText.Encode("tool_used");
    private static readonly JsonEncodedText RealInputsName = JsonEncodedText.Encode("real_inputs");
    private static readonly JsonEncodedText RealOutputsName = JsonEncodedText.Encode("real_outputs");
    private static readonly JsonEncodedText ActualCostName = JsonEncodedText.Encode("actual_cost");
    private static readonly JsonEncodedText ActualSecondsName = JsonEncodedText.Encode("actual_seconds");
    private static readonly JsonEncodedText ErrorsName = JsonEncodedText.Encode("errors");
    private static readonly JsonEncodedText StateChangesName = JsonEncodedText.Encode("state_changes");
    private static readonly JsonEncodedText PauseReasonName = JsonEncodedText.Encode("pause_reason");

    /// <summary>Writes <paramref name="step"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, StepState step)
    {
        writer.WriteStartObject();
        writer.WriteNumber(OrderName, step.Order);
        JsonMembers.WriteIfNotNull(writer, JsonMembers.Name, step.Name);
        JsonMembers.WriteIfNotNull(writer, ComponentName, step.Component);
        JsonMembers.WriteIfNotNull(writer, ToolMappingName, step.ToolMapping);
        writer.WriteString(StatusName, StatusTransitions.ToWireName(step.Status));
        JsonMembers.WriteNamedValues(writer, InputsName, step.Inputs);
        JsonMembers.WriteNamedValues(writer, ExpectedOutputsName, step.ExpectedOutputs);
        writer.WriteNumber(EstimatedCostName, step.EstimatedCost);
        writer.WriteNumber(EstimatedSecondsName, step.EstimatedSeconds);
        JsonMembers.WriteIfNotNull(writer, SideEffectsName, step.SideEffects);
        writer.WriteNumber(AttemptsName, step.Attempts);
        JsonMembers.WriteIfNotNull(writer, LastErrorName, step.LastError);
        writer.WriteEndObject();
    }

    /// <summary>Writes <paramref name="record"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, StepExecutionRecord record)
    {
        writer.WriteStartObject();
        writer.WriteNumber(StepName, record.Step);
        writer.WritePropertyName(TimestampName);
        UtcTimestampConverter.WriteValue(writer, record.Timestamp);
        writer.WriteNumber(AttemptName, record.Attempt);
        JsonMembers.WriteIfNotNull(writer, ToolUsedName, record.ToolUsed);
        JsonMembers.WriteNamedValues(writer, RealInputsName, record.RealInputs);
        JsonMembers.WriteNamedValues(writer, RealOutputsName, record.RealOutputs);
        writer.WriteNumber(ActualCostName, record.ActualCost);
        writer.WriteNumber(ActualSecondsName, record.ActualSeconds);
        JsonMembers.WriteIfNotNull(writer, ErrorsName, record.Errors);
        if (record.StateChanges is { } changes)
        {
            writer.WritePropertyName(StateChangesName);
            writer.WriteStartArray();
            foreach (var change in changes)
            {
                if (change is null) writer.WriteNullValue();
                else writer.WriteStringValue(change);
            }
            writer.WriteEndArray();
        }
        JsonMembers.WriteIfNotNull(writer, PauseReasonName, record.PauseReason);
        writer.WriteEndObject();
    }
}

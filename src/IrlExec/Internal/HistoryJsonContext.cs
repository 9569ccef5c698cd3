using System.Text.Json.Serialization;

namespace IrlExec.Internal;

/// <summary>Source-generated JSON for IrlExec's own files: history records, snapshots, results, the active list.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(ExecutionStatusConverter), typeof(StepStatusConverter), typeof(ExecutionModeConverter), typeof(ExecutionLogLevelConverter)])]
[JsonSerializable(typeof(ExecutionEvent))]
[JsonSerializable(typeof(ExecutionState))]
[JsonSerializable(typeof(ExecutionResultDocument))]
[JsonSerializable(typeof(ActiveWorkflowsDocument))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext
{
}

/// <summary>Same metadata, indented: for files people read (snapshots, results, the active list).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(ExecutionStatusConverter), typeof(StepStatusConverter), typeof(ExecutionModeConverter), typeof(ExecutionLogLevelConverter)],
    WriteIndented = true)]
[JsonSerializable(typeof(ExecutionState))]
[JsonSerializable(typeof(ExecutionResultDocument))]
[JsonSerializable(typeof(ActiveWorkflowsDocument))]
internal sealed partial class IndentedJsonContext : JsonSerializerContext
{
}

using System.Text.Json.Serialization;

namespace IrlExec.Internal;

/// <summary>Source-generated JSON for IrlExec's own files: history records, snapshots, results, the active list.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(ExecutionStatusConverter), typeof(StepStatusConverter), typeof(ExecutionModeConverter), typeof(ExecutionLogLevelConverter), typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(ExecutionEvent))]
[JsonSerializable(typeof(ExecutionState))]
[JsonSerializable(typeof(ExecutionResultDocument))]
[JsonSerializable(typeof(ActiveWorkflowsDocument))]
[JsonSerializable(typeof(PendingSignal))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext
{
}

/// <summary>Same metadata, indented: for files people read (snapshots, results, the active list).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(ExecutionStatusConverter), typeof(StepStatusConverter), typeof(ExecutionModeConverter), typeof(ExecutionLogLevelConverter), typeof(UtcTimestampConverter)],
    WriteIndented = true)]
[JsonSerializable(typeof(ExecutionState))]
[JsonSerializable(typeof(ExecutionResultDocument))]
[JsonSerializable(typeof(ActiveWorkflowsDocument))]
internal sealed partial class IndentedJsonContext : JsonSerializerContext
{
}

/// <summary>The contexts IrlExec writes files with.</summary>
internal static class JsonFiles
{
    /// <summary>Indented, with '&lt;', '&gt;', '&amp;' and non-ASCII written as themselves: these files are for people, not HTML.</summary>
    public static IndentedJsonContext Readable { get; } = new(new System.Text.Json.JsonSerializerOptions(IndentedJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = null,
    });
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>Source-generated JSON for the training data records and the JSONL export (statuses spelled as in the files).</summary>
[JsonSerializable(typeof(ConversationMessage))]
[JsonSerializable(typeof(ToolCallRecord))]
[JsonSerializable(typeof(StateTransitionRecord))]
[JsonSerializable(typeof(SignalRecord))]
[JsonSerializable(typeof(PerformanceMetrics))]
[JsonSerializable(typeof(TrainingExample))]
internal sealed partial class ArtifactsJsonContext : JsonSerializerContext
{
    /// <summary>Compact, snake_case, readable (non-ASCII not escaped), nulls omitted.</summary>
    public static ArtifactsJsonContext Compact { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new ExecutionStatusConverter(), new StepStatusConverter(), new ExecutionModeConverter(), new ExecutionLogLevelConverter(), new UtcTimestampConverter() },
    });
}

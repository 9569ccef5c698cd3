using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// A plan's JSON in history records (an execution's creation, a plan migration), encoded once per plan and reused by
/// every run of its definition: the same bytes the serializer writes for it in place (a 100-step plan is ~37 KB, most of
/// an execution's creation record).
/// </summary>
/// <remarks>
/// A plan is not changed once a definition holds it (its fingerprint and counts are taken once too): its bytes are kept
/// for as long as the plan object lives.
/// </remarks>
internal sealed class PlanShapeBytes : JsonConverter<WorkflowPlan>
{
    private static readonly ConditionalWeakTable<WorkflowPlan, byte[]> Encoded = [];

    /// <summary>The context history records are encoded with: <see cref="HistoryJsonContext"/>'s, with plans taken from here.</summary>
    public static HistoryJsonContext Context { get; } = new(new JsonSerializerOptions(HistoryJsonContext.Default.Options)
    {
        Converters = { new PlanShapeBytes() },
        TypeInfoResolver = null,
    });

    /// <summary>The plan's JSON, as <see cref="HistoryJsonContext"/> writes it.</summary>
    public static byte[] Of(WorkflowPlan plan) =>
        Encoded.GetValue(plan, static p => JsonSerializer.SerializeToUtf8Bytes(p, HistoryJsonContext.Default.WorkflowPlan));

    public override WorkflowPlan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, HistoryJsonContext.Default.WorkflowPlan);

    public override void Write(Utf8JsonWriter writer, WorkflowPlan value, JsonSerializerOptions options) =>
        writer.WriteRawValue(Of(value), skipInputValidation: true);
}

using System.Text.Json;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// Writes a history record's JSON member by member, exactly as <see cref="HistoryJsonContext"/> serializes it (the same
/// members in the same order, the same names, spellings and escaping: HistoryRecordWriterTests compares the bytes over
/// thousands of random records of every kind), without the serializer's walk over its metadata. Every commit encodes its
/// records, and that walk was the largest part of a step's CPU time besides the fsync. Records that carry a plan, a list
/// of changes or a whole state (creation, migration, restore: a few per execution) still go through the serializer.
/// </summary>
internal static class HistoryRecordWriter
{
    private static readonly JsonEncodedText SequenceName = JsonEncodedText.Encode("sequence");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText StepName = JsonEncodedText.Encode("step");
    private static readonly JsonEncodedText AttemptName = JsonEncodedText.Encode("attempt");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText FromStatusName = JsonEncodedText.Encode("from_status");
    private static readonly JsonEncodedText ResultName = JsonEncodedText.Encode("result");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText IsSecretName = JsonEncodedText.Encode("is_secret");
    private static readonly JsonEncodedText CostName = JsonEncodedText.Encode("cost");
    private static readonly JsonEncodedText SecondsName = JsonEncodedText.Encode("seconds");
    private static readonly JsonEncodedText ValuesName = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText ExecutionIdName = JsonEncodedText.Encode("execution_id");
    private static readonly JsonEncodedText WorkflowName = JsonEncodedText.Encode("workflow");
    private static readonly JsonEncodedText GoalName = JsonEncodedText.Encode("goal");
    private static readonly JsonEncodedText ModeName = JsonEncodedText.Encode("mode");
    private static readonly JsonEncodedText RunLabelName = JsonEncodedText.Encode("run_label");
    private static readonly JsonEncodedText ActorName = JsonEncodedText.Encode("actor");
    private static readonly JsonEncodedText PlanFingerprintName = JsonEncodedText.Encode("plan_fingerprint");
    private static readonly JsonEncodedText PlanVersionName = JsonEncodedText.Encode("plan_version");
    private static readonly JsonEncodedText ExplicitMigrationName = JsonEncodedText.Encode("explicit_migration");
    private static readonly JsonEncodedText WakeAtName = JsonEncodedText.Encode("wake_at");
    private static readonly JsonEncodedText SignalIdName = JsonEncodedText.Encode("signal_id");
    private static readonly JsonEncodedText TraceParentName = JsonEncodedText.Encode("trace_parent");

    // The serializer spells a kind by its C# name (a string enum without a naming policy); indexed by value.
    private static readonly JsonEncodedText[] KindNames = BuildKindNames();

    /// <summary>
    /// Whether <see cref="WriteMembers"/> can write <paramref name="record"/>: false for a record with a plan, a list of
    /// changes or a whole state, or of a kind the enum does not name (<see cref="HistoryCodec"/> serializes those).
    /// </summary>
    public static bool WritesByHand(ExecutionEvent record) =>
        (!record.HasDetails || (record.Plan is null && record.PlanShape is null && record.Changes is null && record.RestoredState is null))
        && (uint)record.Kind < (uint)KindNames.Length && !KindNames[(int)record.Kind].EncodedUtf8Bytes.IsEmpty;

    /// <summary>Writes <paramref name="record"/>, for which <see cref="WritesByHand"/> holds, member by member.</summary>
    public static void WriteMembers(Utf8JsonWriter writer, ExecutionEvent record)
    {
        writer.WriteStartObject();
        writer.WriteNumber(SequenceName, record.Sequence);
        writer.WritePropertyName(TimestampName);
        UtcTimestampConverter.WriteValue(writer, record.Timestamp);
        writer.WriteString(KindName, KindNames[(int)record.Kind]);
        if (record.Step is { } step) writer.WriteNumber(StepName, step);
        if (record.Attempt is { } attempt) writer.WriteNumber(AttemptName, attempt);
        if (record.Status is { } status) writer.WriteString(StatusName, StatusTransitions.ToWireName(status));
        if (record.FromStatus is { } fromStatus) writer.WriteString(FromStatusName, StatusTransitions.ToWireName(fromStatus));
        JsonMembers.WriteIfNotNull(writer, JsonMembers.Name, record.Name);
        JsonMembers.WriteIfNotNull(writer, JsonMembers.Value, record.Value);
        JsonMembers.WriteIfNotNull(writer, ResultName, record.Result);
        JsonMembers.WriteIfNotNull(writer, MessageName, record.Message);
        if (record.Level is { } level) writer.WriteString(LevelName, level.ToWireName());
        if (record.IsSecret is { } isSecret) writer.WriteBoolean(IsSecretName, isSecret);
        if (record.Cost is { } cost) writer.WriteNumber(CostName, cost);
        if (record.Seconds is { } seconds) writer.WriteNumber(SecondsName, seconds);
        JsonMembers.WriteNamedValues(writer, ValuesName, record.Values);
        JsonMembers.WriteIfNotNull(writer, ExecutionIdName, record.ExecutionId);
        JsonMembers.WriteIfNotNull(writer, WorkflowName, record.Workflow);
        JsonMembers.WriteIfNotNull(writer, GoalName, record.Goal);
        if (record.Mode is { } mode) writer.WriteString(ModeName, mode.ToWireName());
        JsonMembers.WriteIfNotNull(writer, RunLabelName, record.RunLabel);
        JsonMembers.WriteIfNotNull(writer, ActorName, record.Actor);
        JsonMembers.WriteIfNotNull(writer, PlanFingerprintName, record.PlanFingerprint);
        if (record.PlanVersion is { } planVersion) writer.WriteNumber(PlanVersionName, planVersion);
        if (record.ExplicitMigration is { } explicitMigration) writer.WriteBoolean(ExplicitMigrationName, explicitMigration);
        if (record.WakeAt is { } wakeAt)
        {
            writer.WritePropertyName(WakeAtName);
            UtcTimestampConverter.WriteValue(writer, wakeAt);
        }
        JsonMembers.WriteIfNotNull(writer, SignalIdName, record.SignalId);
        JsonMembers.WriteIfNotNull(writer, TraceParentName, record.TraceParent);
        writer.WriteEndObject();
    }

    private static JsonEncodedText[] BuildKindNames()
    {
        var kinds = Enum.GetValues<ExecutionEventKind>();
        var names = new JsonEncodedText[kinds.Max(kind => (int)kind) + 1];
        foreach (var kind in kinds) names[(int)kind] = JsonEncodedText.Encode(kind.ToString());
        return names;
    }
}

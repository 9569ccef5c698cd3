using System.Buffers;
using System.Text;
using System.Text.Json;
using IrlExec.Internal;
using IrlExec.Tests.Support;
using static IrlExec.Tests.Support.RandomValues;

namespace IrlExec.Tests.Storage;

/// <summary>
/// History records are written member by member rather than through the JSON serializer. The file format is the
/// serializer's: these tests hold the hand-written path to it, byte for byte, over random records of every kind.
/// </summary>
public sealed class HistoryRecordWriterTests
{
    [Fact]
    public void Random_records_of_every_kind_are_written_byte_for_byte_as_the_serializer_writes_them()
    {
        var random = new Random(20261203);
        for (var i = 0; i < 3000; i++)
        {
            var record = RandomRecord(random);
            Assert.Equal(Serialized(record), Written(record));
        }
    }

    [Fact]
    public void Records_with_a_plan_changes_or_a_restored_state_are_written_as_the_serializer_writes_them()
    {
        var random = new Random(7);
        var records = new[]
        {
            WithPlan(RandomRecord(random, ExecutionEventKind.ExecutionCreated), random),
            WithChanges(RandomRecord(random, ExecutionEventKind.PlanMigrated)),
            WithRestoredState(RandomRecord(random, ExecutionEventKind.StateRestored)),
        };
        foreach (var record in records) Assert.Equal(Serialized(record), Written(record));
    }

    [Fact]
    public void A_record_has_exactly_the_members_the_writer_knows()
    {
        // A member added to ExecutionEvent must be written by HistoryRecordWriter as well (or make it fall back to the
        // serializer); the random records above would not set it, so this list is what fails first.
        string[] known =
        [
            "sequence", "timestamp", "kind", "step", "attempt", "status", "from_status", "name", "value", "result", "message",
            "level", "is_secret", "cost", "seconds", "values", "execution_id", "workflow", "goal", "mode", "run_label", "actor",
            "plan_fingerprint", "plan_version", "plan", "plan_shape", "changes", "explicit_migration", "restored_state",
            "wake_at", "signal_id", "trace_parent",
        ];

        Assert.Equal(known, HistoryJsonContext.Default.ExecutionEvent.Properties.Select(p => p.Name));
    }

    [Fact]
    public void A_kind_the_enum_does_not_name_is_written_as_the_serializer_writes_it()
    {
        var record = RandomRecord(new Random(3), (ExecutionEventKind)99);

        Assert.Equal(Serialized(record), Written(record));
    }

    [Fact]
    public void An_encoded_line_is_the_serialized_record_with_its_checksum_and_decodes_to_the_same_record()
    {
        var random = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            // Every tenth record has a plan: those are encoded through the serializer.
            var record = i % 10 == 0 ? WithPlan(RandomRecord(random, ExecutionEventKind.ExecutionCreated), random) : RandomRecord(random);
            record.Sequence = 1;
            // A value without a name reads back with an empty one: only records that can round-trip here.
            record.Values = record.Values?.Where(value => value is { Name: not null, Value: not null }).ToList();
            var buffer = new ArrayBufferWriter<byte>();
            HistoryCodec.Encode(record, buffer);

            var json = Serialized(record);
            var expected = json[..^1] + $",\"crc\":\"{Crc32Tests.BitAtATime(Encoding.UTF8.GetBytes(json)):x8}\"}}\n";
            Assert.Equal(expected, Encoding.UTF8.GetString(buffer.WrittenSpan));
            var decoded = Assert.Single(HistoryCodec.Decode(buffer.WrittenSpan, "history.jsonl").Records);
            Assert.Equal(json, Serialized(decoded));
        }
    }

    private static string Serialized(ExecutionEvent record) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(record, HistoryJsonContext.Default.ExecutionEvent));

    // As HistoryCodec.Encode chooses, without the checksum: member by member when the writer can, else the serializer.
    private static string Written(ExecutionEvent record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (HistoryRecordWriter.WritesByHand(record)) HistoryRecordWriter.WriteMembers(writer, record);
            else JsonSerializer.Serialize(writer, record, HistoryJsonContext.Default.ExecutionEvent);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static ExecutionEvent RandomRecord(Random random, ExecutionEventKind? kind = null)
    {
        var kinds = Enum.GetValues<ExecutionEventKind>();
        return new ExecutionEvent
        {
            Sequence = random.NextInt64(1, long.MaxValue),
            Timestamp = RandomInstant(random),
            Kind = kind ?? kinds[random.Next(kinds.Length)],
            Step = Maybe(random, () => random.Next(int.MinValue, int.MaxValue)),
            Attempt = Maybe(random, () => random.Next(0, 10)),
            Status = Maybe(random, () => Enum.GetValues<ExecutionStatus>()[random.Next(6)]),
            FromStatus = Maybe(random, () => Enum.GetValues<ExecutionStatus>()[random.Next(6)]),
            Name = MaybeText(random),
            Value = MaybeText(random),
            Result = MaybeText(random),
            Message = MaybeText(random),
            Level = Maybe(random, () => Enum.GetValues<ExecutionLogLevel>()[random.Next(4)]),
            IsSecret = Maybe(random, () => random.Next(2) == 0),
            Cost = Maybe(random, () => RandomDecimal(random)),
            Seconds = Maybe(random, () => RandomDouble(random)),
            Values = random.Next(3) == 0 ? null : Enumerable.Range(0, random.Next(4)).Select(_ => RandomNamedValue(random)).ToList(),
            ExecutionId = MaybeText(random),
            Workflow = MaybeText(random),
            Goal = MaybeText(random),
            Mode = Maybe(random, () => random.Next(2) == 0 ? ExecutionMode.Simulation : ExecutionMode.Execution),
            RunLabel = MaybeText(random),
            Actor = MaybeText(random),
            PlanFingerprint = MaybeText(random),
            PlanVersion = Maybe(random, () => random.Next()),
            ExplicitMigration = Maybe(random, () => random.Next(2) == 0),
            WakeAt = Maybe(random, () => RandomInstant(random)),
            SignalId = MaybeText(random),
            TraceParent = MaybeText(random),
        };
    }

    private static ExecutionEvent WithPlan(ExecutionEvent record, Random random)
    {
        var step = new StepPlan { Order = 1, Name = "gather " + RandomText(random), Component = "c", Inputs = [new StepInputPlan { Name = "a", Reference = "{{a}}" }] };
        record.Plan = [StepState.Pending(step)];
        record.PlanShape = new WorkflowPlan { Name = "w", Goal = RandomText(random), Steps = [step] };
        return record;
    }

    private static ExecutionEvent WithChanges(ExecutionEvent record)
    {
        record.Changes = ["step 2 added", "input \"a\" now reads {{b}}"];
        return record;
    }

    private static ExecutionEvent WithRestoredState(ExecutionEvent record)
    {
        record.RestoredState = new ExecutionState { ExecutionId = "exec_1", Workflow = "w", Goal = "g <&> é", Status = ExecutionStatus.Paused };
        return record;
    }
}

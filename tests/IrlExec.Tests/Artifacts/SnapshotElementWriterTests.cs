using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IrlExec.Internal;
using static IrlExec.Tests.Support.RandomValues;

namespace IrlExec.Tests.Artifacts;

/// <summary>
/// A snapshot's steps and log entries are written member by member rather than through the JSON serializer. The
/// snapshot's format is the serializer's: these tests hold the hand-written path to it, byte for byte.
/// </summary>
public sealed class SnapshotElementWriterTests
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Encoder = JsonFiles.Readable.Options.Encoder,
        Indented = true,
    };

    private static string Serialized<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            var typeInfo = (JsonTypeInfo<T>?)JsonFiles.Readable.GetTypeInfo(typeof(T))
                ?? throw new InvalidOperationException($"JsonFiles.Readable has no metadata for {typeof(T)}.");
            JsonSerializer.Serialize(writer, value, typeInfo);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Written<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            write(writer, value);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Random_steps_are_written_byte_for_byte_as_the_serializer_writes_them()
    {
        var random = new Random(20261204);
        for (var i = 0; i < 3000; i++)
        {
            var step = RandomStep(random);
            Assert.Equal(Serialized(step), Written(step, SnapshotElementWriter.Write));
        }
    }

    [Fact]
    public void Random_log_entries_are_written_byte_for_byte_as_the_serializer_writes_them()
    {
        var random = new Random(20261205);
        for (var i = 0; i < 3000; i++)
        {
            var record = RandomLogEntry(random);
            Assert.Equal(Serialized(record), Written(record, SnapshotElementWriter.Write));
        }
    }

    [Fact]
    public void A_step_and_a_log_entry_have_exactly_the_members_the_writer_knows()
    {
        // A member added to StepState or StepExecutionRecord must be added to SnapshotElementWriter too: this names them.
        var step = new StepState { Name = "n", LastError = "e" };
        var record = new StepExecutionRecord { Errors = "e", PauseReason = "p" };

        Assert.Equal(
            ["order", "name", "component", "tool_mapping", "status", "inputs", "expected_outputs", "estimated_cost", "estimated_seconds", "side_effects", "attempts", "last_error"],
            Members(Serialized(step)));
        Assert.Equal(
            ["step", "timestamp", "attempt", "tool_used", "real_inputs", "real_outputs", "actual_cost", "actual_seconds", "errors", "state_changes", "pause_reason"],
            Members(Serialized(record)));
        Assert.Equal(Serialized(step), Written(step, SnapshotElementWriter.Write));
        Assert.Equal(Serialized(record), Written(record, SnapshotElementWriter.Write));
    }

    private static List<string> Members(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
    }

    private static StepState RandomStep(Random random) => new()
    {
        Order = random.Next(int.MinValue, int.MaxValue),
        Name = random.Next(10) == 0 ? null! : RandomText(random),
        Component = random.Next(10) == 0 ? null! : RandomText(random),
        ToolMapping = random.Next(10) == 0 ? null! : RandomText(random),
        Status = Enum.GetValues<StepStatus>()[random.Next(Enum.GetValues<StepStatus>().Length)],
        Inputs = random.Next(10) == 0 ? null! : Enumerable.Range(0, random.Next(4)).Select(_ => RandomNamedValue(random)).ToList(),
        ExpectedOutputs = random.Next(10) == 0 ? null! : Enumerable.Range(0, random.Next(4)).Select(_ => RandomNamedValue(random)).ToList(),
        EstimatedCost = RandomDecimal(random),
        EstimatedSeconds = RandomDouble(random),
        SideEffects = random.Next(10) == 0 ? null! : RandomText(random),
        Attempts = random.Next(-1, 100),
        LastError = MaybeText(random),
    };

    private static StepExecutionRecord RandomLogEntry(Random random) => new()
    {
        Step = random.Next(int.MinValue, int.MaxValue),
        Timestamp = RandomInstant(random),
        Attempt = random.Next(-1, 100),
        ToolUsed = random.Next(10) == 0 ? null! : RandomText(random),
        RealInputs = random.Next(10) == 0 ? null! : Enumerable.Range(0, random.Next(4)).Select(_ => RandomNamedValue(random)).ToList(),
        RealOutputs = random.Next(10) == 0 ? null! : Enumerable.Range(0, random.Next(4)).Select(_ => RandomNamedValue(random)).ToList(),
        ActualCost = RandomDecimal(random),
        ActualSeconds = RandomDouble(random),
        Errors = MaybeText(random),
        StateChanges = random.Next(10) == 0 ? null! : Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(6) == 0 ? null! : RandomText(random)).ToList(),
        PauseReason = MaybeText(random),
    };
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using IrlExec.Internal;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>A plan's JSON in history records is encoded once per plan and reused: the records' bytes are the serializer's.</summary>
public class PlanShapeBytesTests
{
    // A plan whose text the serializer escapes: quotes, markup, non-ASCII, a control character.
    private static WorkflowPlan Plan(string goal)
    {
        var steps = TestWorkflow.Create("plan-bytes",
            new StepSpec("fetch \"<rows>\" & co", (_, _) => ValueTask.CompletedTask) { Inputs = [("source", "{{ source }}")], Outputs = ["rows"] },
            StepSpec.Sync("écrire ✓", (_, _) => { })).Plan;
        return new WorkflowPlan
        {
            Name = steps.Name,
            Goal = goal,
            Version = 3,
            Fingerprint = "f00d",
            Variables = [new VariablePlan { Name = "source", IsRequired = true }, new VariablePlan { Name = "token", IsSecret = true }],
            Steps = steps.Steps,
        };
    }

    private static ExecutionEvent Created(WorkflowPlan plan, ExecutionEventKind kind = ExecutionEventKind.ExecutionCreated) => new()
    {
        Kind = kind,
        Sequence = 1,
        Timestamp = new DateTimeOffset(2026, 2, 8, 0, 45, 0, TimeSpan.Zero),
        ExecutionId = "exec_plan",
        Workflow = plan.Name,
        Goal = plan.Goal,
        Mode = ExecutionMode.Execution,
        RunLabel = "plan-bytes-2026-02-08-001",
        PlanFingerprint = plan.Fingerprint,
        PlanVersion = plan.Version,
        PlanShape = plan,
    };

    // The record's line as HistoryCodec writes it, and the serializer's JSON of the record (no plan bytes reused) as the
    // line must hold it: the object without its closing brace, then the checksum member.
    private static (string Line, string Serialized) Encode(ExecutionEvent record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        HistoryCodec.Encode(record, buffer);
        var serialized = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(record, HistoryJsonContext.Default.ExecutionEvent));
        return (Encoding.UTF8.GetString(buffer.WrittenSpan), serialized);
    }

    [Fact]
    public void A_creation_record_encoded_again_with_the_plans_bytes_reused_is_the_serializers_bytes()
    {
        var plan = Plan("Copy \"<rows>\" from {{source}} — déjà vu\u0001");

        var first = Encode(Created(plan));
        var again = Encode(Created(plan));

        Assert.StartsWith(first.Serialized[..^1] + ",\"crc\":\"", first.Line, StringComparison.Ordinal);
        Assert.Equal(first.Line, again.Line);
        Assert.Contains("\\u003Crows\\u003E", first.Line, StringComparison.Ordinal); // escaped as the serializer escapes
        Assert.Equal(plan.Steps.Count, HistoryCodec.Decode(Encoding.UTF8.GetBytes(again.Line), "h").Records[0].PlanShape!.Steps.Count);
    }

    [Fact]
    public void Each_plan_has_its_own_bytes_also_in_a_plan_migration()
    {
        var one = Plan("one");
        var two = Plan("two");
        Encode(Created(one));

        var created = Encode(Created(two));
        var migrated = Encode(Created(one, ExecutionEventKind.PlanMigrated));

        Assert.StartsWith(created.Serialized[..^1] + ",\"crc\":\"", created.Line, StringComparison.Ordinal);
        Assert.StartsWith(migrated.Serialized[..^1] + ",\"crc\":\"", migrated.Line, StringComparison.Ordinal);
        Assert.Contains("\"goal\":\"two\"", created.Line, StringComparison.Ordinal);
    }
}

using System.Text;
using System.Text.Json;
using IrlExec.Internal;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.State;

/// <summary>
/// The steps a creation or a migration plans come from the plan's shape (<c>plan_shape</c>); histories written before
/// 2026-12-03 also list them in <c>plan</c>, and those still replay as written.
/// </summary>
public class PlannedStepsProjectionTests
{
    private static WorkflowPlan Shape(params string[] names) => new()
    {
        Name = "w",
        Steps = names.Select((name, i) => new StepPlan
        {
            Order = i + 1,
            Name = name,
            Component = "test." + name,
            ToolMapping = "Bash",
            Inputs = [new StepInputPlan { Name = "customer", Reference = "{{customer}}", TypeName = "string" }],
            Outputs = [new StepOutputPlan { Name = "total", TypeName = "int" }, new StepOutputPlan { Name = "note", TypeName = "string", Description = "what was done" }],
            EstimatedCost = 0.25m,
            EstimatedSeconds = 3,
            SideEffects = "writes " + name,
        }).ToList(),
    };

    private static ExecutionEvent Created(WorkflowPlan shape, List<StepState>? plan = null) => new()
    {
        Sequence = 1,
        Kind = ExecutionEventKind.ExecutionCreated,
        ExecutionId = "exec_1",
        Workflow = "w",
        PlanFingerprint = "a1",
        PlanVersion = 1,
        PlanShape = shape,
        Plan = plan,
    };

    private static string Json(StepState step) => JsonSerializer.Serialize(step, JsonFiles.Readable.StepState);

    [Fact]
    public async Task A_new_execution_records_its_plan_once_as_its_shape()
    {
        using var root = new TempRoot();
        var workflow = TestWorkflow.Create("w", StepSpec.Sync("a", (_, _) => { }), StepSpec.Sync("b", (_, _) => { }));
        var result = await new WorkflowRunner(new FileSystemExecutionStore(root.Path)).RunAsync(workflow);

        var creation = File.ReadLines(root.Layout.HistoryFile(result.ExecutionId)).First();

        using var document = JsonDocument.Parse(creation);
        Assert.Equal("ExecutionCreated", document.RootElement.GetProperty("kind").GetString());
        Assert.False(document.RootElement.TryGetProperty("plan", out _));
        Assert.Equal(2, document.RootElement.GetProperty("plan_shape").GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public void A_creation_without_a_step_list_replays_to_every_step_of_its_shape_pending()
    {
        var shape = Shape("list", "approve");

        var state = ExecutionStateProjector.Replay([Created(shape)]);

        Assert.Equal(shape.Steps.Select(s => Json(StepState.Pending(s))), state.Steps.Select(Json));
        var first = state.Steps[0];
        Assert.Equal(StepStatus.Pending, first.Status);
        Assert.Equal([("customer", "{{customer}}")], first.Inputs.Select(v => (v.Name, v.Value)));
        Assert.Equal([("total", "int"), ("note", "what was done")], first.ExpectedOutputs.Select(v => (v.Name, v.Value)));
        Assert.Equal("writes list", first.SideEffects);
    }

    [Fact]
    public void A_creation_written_with_its_step_list_replays_to_that_list()
    {
        // Before 2026-12-03 the runner wrote both; the list is what that version meant, so it wins where they differ.
        var shape = Shape("list");
        var written = StepState.Pending(shape.Steps[0]);
        written.SideEffects = "as an older version described it";

        var state = ExecutionStateProjector.Replay([Created(shape, [written])]);

        Assert.Equal("as an older version described it", Assert.Single(state.Steps).SideEffects);
        Assert.NotSame(written, state.Steps[0]);
    }

    [Fact]
    public void A_history_line_written_before_the_change_still_reads_back()
    {
        var shape = Shape("list");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        HistoryCodec.Encode(Created(shape, [StepState.Pending(shape.Steps[0])]), buffer);
        var line = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Contains("\"plan\":[", line, StringComparison.Ordinal);

        var records = HistoryCodec.Decode(Encoding.UTF8.GetBytes(line), "old.history.jsonl").Records;

        Assert.Equal("list", Assert.Single(ExecutionStateProjector.Replay(records).Steps).Name);
    }

    [Fact]
    public void A_migration_without_a_step_list_plans_its_shape_and_keeps_completed_steps()
    {
        var before = Shape("list", "approve");
        var after = Shape("list", "review", "approve");
        var history = new List<ExecutionEvent>
        {
            Created(before),
            new() { Sequence = 2, Kind = ExecutionEventKind.StepCompleted, Step = 1, Attempt = 1 },
            new() { Sequence = 3, Kind = ExecutionEventKind.PlanMigrated, PlanFingerprint = "b2", PlanVersion = 2, PlanShape = after, Changes = ["step 2 added"] },
        };

        var state = ExecutionStateProjector.Replay(history);

        Assert.Equal(["list", "review", "approve"], state.Steps.Select(s => s.Name));
        Assert.Equal([StepStatus.Completed, StepStatus.Pending, StepStatus.Pending], state.Steps.Select(s => s.Status));
    }
}

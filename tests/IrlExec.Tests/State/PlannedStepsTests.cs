using System.Text.Json;
using IrlExec.Internal;

namespace IrlExec.Tests.State;

/// <summary>
/// A new execution's planned steps are kept as a status, attempts and error per step until <see cref="ExecutionState.Steps"/>
/// is first read: read at any point, and after any records, they are the steps a list of <see cref="StepState"/>s
/// would hold, and the current step and the log are the same.
/// </summary>
public class PlannedStepsTests
{
    private static WorkflowPlan Shape(int count) => new()
    {
        Name = "w",
        Steps = Enumerable.Range(1, count).Select(order => new StepPlan
        {
            Order = order,
            Name = "s" + order,
            Component = "test.s" + order,
            ToolMapping = "tool" + order,
            Inputs = [new StepInputPlan { Name = "n", Reference = "{{n}}", TypeName = "int" }],
            Outputs = [new StepOutputPlan { Name = "n", TypeName = "int" }],
            EstimatedCost = 0.25m * order,
            EstimatedSeconds = order,
            SideEffects = "writes " + order,
        }).ToList(),
    };

    private static ExecutionState Created(WorkflowPlan shape, List<StepState>? plan) => ExecutionStateProjector.Replay(
        [new ExecutionEvent { Sequence = 1, Kind = ExecutionEventKind.ExecutionCreated, Workflow = "w", PlanShape = shape, Plan = plan }]);

    private static string Json(ExecutionState state) =>
        string.Join("\n", state.Steps.Select(s => JsonSerializer.Serialize(s, JsonFiles.Readable.StepState)))
        + "\n" + string.Join("\n", state.ExecutionLog.Select(e => $"{e.Step} {e.Attempt} {e.ToolUsed} {e.Errors} {e.PauseReason} {e.ActualCost} {string.Join(",", e.RealInputs.Select(v => v.Name + "=" + v.Value))} {string.Join(",", e.RealOutputs.Select(v => v.Name + "=" + v.Value))}"));

    private static ExecutionEvent RandomStepRecord(Random random, int steps, long sequence)
    {
        var order = random.Next(1, steps + 1);
        int? attempt = random.Next(4) == 0 ? null : random.Next(1, 4);
        List<NamedValue> values = [new NamedValue("n", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        return random.Next(20) switch
        {
            < 9 => new ExecutionEvent { Sequence = sequence, Kind = ExecutionEventKind.StepStarted, Step = order, Attempt = attempt, Values = values },
            < 18 => new ExecutionEvent { Sequence = sequence, Kind = ExecutionEventKind.StepCompleted, Step = order, Attempt = attempt, Values = values, Cost = 0.5m, Seconds = 0.25 },
            18 => new ExecutionEvent { Sequence = sequence, Kind = ExecutionEventKind.StepFailed, Step = order, Attempt = attempt, Message = "boom " + sequence },
            _ => new ExecutionEvent { Sequence = sequence, Kind = ExecutionEventKind.StepPaused, Step = order, Attempt = attempt, Message = "wait " + sequence },
        };
    }

    [Fact]
    public void Planned_steps_read_as_a_list_of_steps_would_after_any_step_records()
    {
        var random = new Random(27);
        for (var run = 0; run < 400; run++)
        {
            var shape = Shape(random.Next(1, 12));
            var packed = Created(shape, plan: null);
            var listed = Created(shape, plan: shape.Steps.Select(StepState.Pending).ToList());
            var records = random.Next(0, 40);
            var readAt = random.Next(0, records + 2); // when the packed state's steps are first read (maybe never before the end)
            for (var i = 0; i < records; i++)
            {
                if (i == readAt) _ = packed.Steps;
                var record = RandomStepRecord(random, shape.Steps.Count, i + 2);
                ExecutionStateProjector.Apply(packed, record);
                ExecutionStateProjector.Apply(listed, record);

                Assert.Equal(listed.CurrentStep, packed.CurrentStep);
                var order = random.Next(1, shape.Steps.Count + 1);
                var expected = listed.FindStep(order)!;
                Assert.Equal((expected.Status, expected.Attempts, expected.LastError), (packed.StatusOf(order), packed.AttemptsOf(order), packed.LastErrorOf(order)));
            }
            Assert.Equal(Json(listed), Json(packed));
        }
    }

    [Fact]
    public void Planned_steps_read_once_are_the_same_objects_at_every_read_and_change_with_later_records()
    {
        var state = Created(Shape(3), plan: null);
        var first = state.Steps;
        var step = state.FindStep(2)!;

        ExecutionStateProjector.Apply(state, new ExecutionEvent { Sequence = 2, Kind = ExecutionEventKind.StepStarted, Step = 2, Attempt = 1 });

        Assert.Same(first, state.Steps);
        Assert.Same(step, state.FindStep(2));
        Assert.Equal(StepStatus.Running, step.Status);
        Assert.Equal(1, step.Attempts);
    }

    [Fact]
    public void A_step_record_for_a_step_not_in_the_plan_is_refused()
    {
        var state = Created(Shape(3), plan: null);

        Assert.Throws<InvalidOperationException>(() =>
            ExecutionStateProjector.Apply(state, new ExecutionEvent { Sequence = 2, Kind = ExecutionEventKind.StepStarted, Step = 4, Attempt = 1 }));
    }
}

namespace IrlExec.Tests.State;

/// <summary>
/// The live state keeps its own copies of what the history records hold (a log entry's inputs and outputs, a planned
/// step's lists), however late it makes them; and a record's members read back exactly what was written, null included.
/// </summary>
public class LiveStateIsolationTests
{
    private static WorkflowDefinition Counter(int steps)
    {
        var plans = Enumerable.Range(1, steps).Select(order => new StepPlan
        {
            Order = order,
            Name = "add-" + order,
            Inputs = [new StepInputPlan { Name = "value", Reference = "{{value}}", TypeName = "int" }],
            Outputs = [new StepOutputPlan { Name = "value", TypeName = "int", Description = "the next number" }],
            SideEffects = "none",
        }).ToList();
        return new WorkflowDefinition(new WorkflowPlan { Name = "counter", Steps = plans }, plans.Select(plan => StepDefinition.Create(plan,
            static () => new AddOne(),
            bindInputs: (step, variables) => step.Value = variables.Get("value", JsonTypes.Int32),
            publishOutputs: (step, outputs) => outputs.Set("value", step.Value + 1, JsonTypes.Int32))).ToList());
    }

    private sealed class AddOne : IStep
    {
        public int Value { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private static async Task<(ExecutionState State, IReadOnlyList<ExecutionEvent> History)> RunAsync(int steps)
    {
        var store = new InMemoryExecutionStore();
        var variables = new VariableStore();
        variables.Set("value", 0, JsonTypes.Int32);
        var result = await new WorkflowRunner(store).RunAsync(Counter(steps), variables);
        Assert.True(result.Succeeded);
        var history = await store.ReadAsync(result.State.ExecutionId, CancellationToken.None);
        return (result.State, history!);
    }

    [Fact]
    public async Task A_log_entry_shows_the_values_its_step_records_hold()
    {
        var (state, history) = await RunAsync(3);

        var started = history.Where(r => r.Kind == ExecutionEventKind.StepStarted).ToList();
        var completed = history.Where(r => r.Kind == ExecutionEventKind.StepCompleted).ToList();
        Assert.Equal(3, state.ExecutionLog.Count);
        for (var i = 0; i < 3; i++)
        {
            var entry = state.ExecutionLog[i];
            Assert.Equal(started[i].Values!.Select(v => (v.Name, v.Value)), entry.RealInputs.Select(v => (v.Name, v.Value)));
            Assert.Equal(completed[i].Values!.Select(v => (v.Name, v.Value)), entry.RealOutputs.Select(v => (v.Name, v.Value)));
            Assert.Equal([("value", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], entry.RealInputs.Select(v => (v.Name, v.Value)));
            Assert.Empty(entry.StateChanges);
        }
    }

    [Fact]
    public async Task Changing_a_log_entry_leaves_the_history_records_unchanged()
    {
        var (state, history) = await RunAsync(2);
        var entry = state.ExecutionLog[0];

        entry.RealInputs[0].Value = "changed";
        entry.RealOutputs.Add(new NamedValue("extra", "x"));
        entry.StateChanges.Add("a file");

        var started = history.First(r => r.Kind == ExecutionEventKind.StepStarted);
        var completed = history.First(r => r.Kind == ExecutionEventKind.StepCompleted);
        Assert.Equal("0", started.Values![0].Value);
        Assert.Single(completed.Values!);
        Assert.Same(entry.StateChanges, state.ExecutionLog[0].StateChanges);
        Assert.Empty(state.ExecutionLog[1].StateChanges);
    }

    [Fact]
    public async Task Changing_a_history_record_leaves_a_log_entry_read_before_unchanged()
    {
        var (state, history) = await RunAsync(1);
        var inputs = state.ExecutionLog[0].RealInputs;

        history.First(r => r.Kind == ExecutionEventKind.StepStarted).Values![0].Value = "changed";

        Assert.Equal("0", inputs[0].Value);
        Assert.Same(inputs, state.ExecutionLog[0].RealInputs);
    }

    [Fact]
    public async Task A_planned_step_lists_its_inputs_and_expected_outputs_from_the_plan_and_keeps_changes_to_them()
    {
        var (state, _) = await RunAsync(2);
        var step = state.Steps[1];

        Assert.Equal([("value", "{{value}}")], step.Inputs.Select(v => (v.Name, v.Value)));
        Assert.Equal([("value", "the next number")], step.ExpectedOutputs.Select(v => (v.Name, v.Value)));
        step.Inputs.Add(new NamedValue("more", "{{more}}"));
        Assert.Equal(2, state.Steps[1].Inputs.Count);
        Assert.Single(state.Steps[0].Inputs);
        step.ExpectedOutputs = [];
        Assert.Empty(state.Steps[1].ExpectedOutputs);
    }

    [Fact]
    public void A_new_step_and_log_entry_start_with_empty_lists_of_their_own()
    {
        var first = new StepExecutionRecord();
        var second = new StepExecutionRecord();
        first.RealInputs.Add(new NamedValue("a", "b"));
        first.StateChanges.Add("c");

        Assert.Empty(second.RealInputs);
        Assert.Empty(second.StateChanges);
        Assert.Empty(second.RealOutputs);
        Assert.Empty(new StepState().Inputs);
        Assert.Empty(new StepState().ExpectedOutputs);
    }

    [Fact]
    public void A_record_member_reads_back_what_was_written_and_null_once_cleared()
    {
        var wake = new DateTimeOffset(2026, 12, 6, 14, 0, 0, TimeSpan.Zero);
        var record = new ExecutionEvent
        {
            Step = 0, Attempt = 2, Level = ExecutionLogLevel.Warn, IsSecret = false, Cost = 0m, Seconds = 0.5,
            Status = ExecutionStatus.Paused, FromStatus = ExecutionStatus.InProgress, Result = "r", WakeAt = wake, PlanVersion = 0,
        };

        Assert.Equal((0, 2, ExecutionLogLevel.Warn, false, 0m, 0.5), (record.Step, record.Attempt, record.Level, record.IsSecret, record.Cost, record.Seconds));
        Assert.Equal((ExecutionStatus.Paused, ExecutionStatus.InProgress, "r", wake, 0), (record.Status, record.FromStatus, record.Result, record.WakeAt, record.PlanVersion));

        record.Step = null;
        record.Cost = null;
        record.IsSecret = null;
        record.Status = null;
        record.WakeAt = null;
        Assert.Null(record.Step);
        Assert.Null(record.Cost);
        Assert.Null(record.IsSecret);
        Assert.Null(record.Status);
        Assert.Null(record.WakeAt);
        Assert.Equal(2, record.Attempt);
        Assert.Equal(ExecutionStatus.InProgress, record.FromStatus);

        var empty = new ExecutionEvent();
        Assert.Null(empty.Step);
        Assert.Null(empty.Level);
        Assert.Null(empty.Mode);
        Assert.Null(empty.TraceParent);
    }

    [Fact]
    public void A_log_entry_reads_its_records_values_as_they_were_null_and_empty_texts_included()
    {
        var plan = new WorkflowPlan { Name = "w", Steps = [new StepPlan { Order = 1, Name = "a" }, new StepPlan { Order = 2, Name = "b" }] };
        var at = new DateTimeOffset(2026, 12, 6, 17, 0, 0, TimeSpan.Zero);
        var long_ = new string('é', 40_000);
        var state = ExecutionStateProjector.Replay(
        [
            new ExecutionEvent { Sequence = 1, Timestamp = at, Kind = ExecutionEventKind.ExecutionCreated, ExecutionId = "exec_v", Workflow = "w", PlanShape = plan },
            new ExecutionEvent { Sequence = 2, Timestamp = at, Kind = ExecutionEventKind.StepStarted, Step = 1, Attempt = 1, Values = [new NamedValue("empty", ""), new NamedValue { Name = "none", Value = null! }, new NamedValue("long", long_)] },
            new ExecutionEvent { Sequence = 3, Timestamp = at, Kind = ExecutionEventKind.StepCompleted, Step = 1, Attempt = 1, Values = null },
            new ExecutionEvent { Sequence = 4, Timestamp = at, Kind = ExecutionEventKind.StepStarted, Step = 2, Attempt = 1, Values = [new NamedValue("x", "1")] },
            new ExecutionEvent { Sequence = 5, Timestamp = at, Kind = ExecutionEventKind.StepCompleted, Step = 2, Attempt = 1, Values = [null!, new NamedValue("y", "2")] },
        ]);

        Assert.Equal([("empty", ""), ("none", null), ("long", long_)], state.ExecutionLog[0].RealInputs.Select(v => (v.Name, (string?)v.Value)));
        Assert.Empty(state.ExecutionLog[0].RealOutputs);
        Assert.Equal([("x", "1")], state.ExecutionLog[1].RealInputs.Select(v => (v.Name, v.Value)));
        Assert.Null(state.ExecutionLog[1].RealOutputs[0]);
        Assert.Equal(("y", "2"), (state.ExecutionLog[1].RealOutputs[1].Name, state.ExecutionLog[1].RealOutputs[1].Value));
    }
}

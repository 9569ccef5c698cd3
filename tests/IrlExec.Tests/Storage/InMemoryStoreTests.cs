namespace IrlExec.Tests.Storage;

/// <summary>
/// The in-memory store copies every record it is given (a step's records packed into characters, the others as copies):
/// every member of every record reads back as appended, null and empty apart, in order, whatever kind, size or
/// characters, and a record changed after its append does not change the history.
/// </summary>
public class InMemoryStoreTests
{
    private static readonly DateTimeOffset Day = new(2026, 12, 6, 16, 30, 0, TimeSpan.Zero);

    // Every kind, the common members in their edge cases (null, empty, long, outside ASCII, a null name or value in a
    // pair), the rare members on some, non-UTC offsets: one record per sequence number, cycling.
    private static ExecutionEvent Record(int i)
    {
        var text = (i % 7) switch
        {
            0 => null,
            1 => "",
            2 => "line " + i,
            3 => "é漢𝄞\"\\\n\t\0\uFFFF" + i,
            4 => new string('x', 0x7FFF),
            5 => new string('y', 0x8000 + i % 3),
            _ => new string('z', 70_000),
        };
        var record = new ExecutionEvent
        {
            Sequence = i,
            Timestamp = Day.AddTicks(i * 12_345).ToOffset(TimeSpan.FromMinutes(i % 5 * 90 - 180)),
            Kind = (ExecutionEventKind)(i % 14),
            Name = i % 3 == 0 ? null : "name_" + i,
            Value = i % 4 == 0 ? null : i % 4 == 1 ? "" : text,
            Message = text,
            Step = i % 5 == 0 ? null : i % 5 == 1 ? 0 : i,
            Attempt = i % 6 == 0 ? null : i % 6,
            Level = i % 8 == 0 ? null : (ExecutionLogLevel)(i % 4),
            IsSecret = (i % 3) switch { 0 => null, 1 => false, _ => true },
            Cost = (i % 4) switch { 0 => null, 1 => 0m, 2 => 1.50m, _ => -0.000001m * i },
            Seconds = i % 5 == 0 ? null : i % 5 == 1 ? 0d : i * 0.001,
            Values = (i % 6) switch
            {
                0 => null,
                1 => [],
                2 => [new NamedValue("value", i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                3 => [new NamedValue("a", ""), new NamedValue("", "b"), new NamedValue { Name = null!, Value = null! }],
                4 => [new NamedValue("big", text ?? "")],
                _ => [null!, new NamedValue("after", "a null pair")],
            },
        };
        if (i % 50 == 7) record.Result = "a tool's result";
        if (i % 50 == 9) record.ExecutionId = "exec_x";
        if (i % 50 == 11) record.WakeAt = Day;
        if (i % 97 == 0) record.Kind = (ExecutionEventKind)300;
        if (i % 89 == 0) record.Level = (ExecutionLogLevel)1000;
        return record;
    }

    private static object?[] Members(ExecutionEvent record) =>
        typeof(ExecutionEvent).GetProperties().Where(p => p.Name != nameof(ExecutionEvent.Values))
            .Select(p => p.GetValue(record)).Append(record.Timestamp.Offset).Append(record.Cost?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();

    private static List<(string?, string?)?>? Pairs(ExecutionEvent record) =>
        record.Values?.Select(v => v is null ? ((string?, string?)?)null : (v.Name, v.Value)).ToList();

    [Fact]
    public async Task Every_member_of_every_record_of_a_long_history_reads_back_as_appended()
    {
        var store = new InMemoryExecutionStore();
        var records = Enumerable.Range(1, 4_796).Select(Record).ToList();
        var expected = records.Select(r => (Members(r), Pairs(r))).ToList();
        for (var at = 0; at < records.Count; at += 333)
        {
            await store.AppendAsync("exec_long", records.Skip(at).Take(333).ToList(), flushToDisk: false, default);
        }

        var read = await store.ReadAsync("exec_long", default);

        Assert.Equal(records.Count, read!.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(expected[i].Item1, Members(read[i]));
            Assert.Equal(expected[i].Item2, Pairs(read[i]));
        }
    }

    [Fact]
    public async Task Histories_appended_in_turn_keep_their_own_records_whatever_string_names_them()
    {
        var store = new InMemoryExecutionStore();
        string[] ids = ["exec_a", "exec_b"];
        for (var i = 1; i <= 40; i++)
        {
            // The same id string, or an equal string that is another object.
            var id = i % 3 == 0 ? string.Concat("exec_", ids[i % 2].AsSpan(5)) : ids[i % 2];
            await store.AppendAsync(id, [new ExecutionEvent { Sequence = i, Timestamp = Day, Kind = ExecutionEventKind.LogWritten, Message = id + " " + i }], flushToDisk: false, default);
        }

        foreach (var (id, parity) in new[] { ("exec_a", 0), ("exec_b", 1) })
        {
            var read = await store.ReadAsync(new string(id.AsSpan()), default);
            Assert.Equal(Enumerable.Range(1, 40).Where(i => i % 2 == parity).Select(i => id + " " + i), read!.Select(r => r.Message));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(8_191)]
    [InlineData(8_192)]
    public async Task A_text_with_one_wide_character_at_its_end_reads_back_whole(int length)
    {
        var store = new InMemoryExecutionStore();
        var narrow = new string('é', length);
        var wide = new string('a', length - 1) + "漢";
        await store.AppendAsync("exec_texts", [
            new ExecutionEvent { Sequence = 1, Timestamp = Day, Kind = ExecutionEventKind.LogWritten, Message = wide, Name = narrow },
            new ExecutionEvent { Sequence = 2, Timestamp = Day, Kind = ExecutionEventKind.StepCompleted, Step = 1, Values = [new NamedValue(narrow, wide)] },
        ], flushToDisk: false, default);

        var read = (await store.ReadAsync("exec_texts", default))!;

        Assert.Equal((wide, narrow), (read[0].Message, read[0].Name));
        Assert.Equal((narrow, wide), (read[1].Values![0].Name, read[1].Values![0].Value));
    }

    [Fact]
    public async Task A_record_changed_after_its_append_reads_back_as_appended()
    {
        var store = new InMemoryExecutionStore();
        var step = new ExecutionEvent { Sequence = 1, Timestamp = Day, Kind = ExecutionEventKind.StepCompleted, Step = 1, Attempt = 1, Cost = 0.5m, Values = [new NamedValue("value", "1")] };
        var status = new ExecutionEvent { Sequence = 2, Timestamp = Day, Kind = ExecutionEventKind.StatusChanged, FromStatus = ExecutionStatus.InProgress, Status = ExecutionStatus.Paused, Message = "a pause", Values = [new NamedValue("kept", "1")] };
        await store.AppendAsync("exec_copied", [step, status], flushToDisk: false, default);

        step.Step = 7;
        step.Values![0].Value = "changed";
        step.Values = null;
        status.Status = ExecutionStatus.CompletedFailure;
        status.Message = "changed";
        status.Values![0].Value = "changed";
        var read = await store.ReadAsync("exec_copied", default);

        Assert.Equal((1, (decimal?)0.5m, "1"), (read![0].Step, read[0].Cost, read[0].Values!.Single().Value));
        Assert.Equal((ExecutionStatus.Paused, "a pause", "1"), (read[1].Status, read[1].Message, read[1].Values!.Single().Value));
    }

    [Fact]
    public async Task A_packed_record_read_back_is_a_new_record_each_time()
    {
        var store = new InMemoryExecutionStore();
        var records = Enumerable.Range(1, 10).Select(i => new ExecutionEvent
        {
            Sequence = i, Timestamp = Day, Kind = ExecutionEventKind.StepStarted, Step = i, Attempt = 1, Values = [new NamedValue("value", "1")],
        }).ToList();
        await store.AppendAsync("exec_packed", records, flushToDisk: false, default);
        records[0].Values![0].Value = "changed after the append";

        var first = await store.ReadAsync("exec_packed", default);
        first![1].Values![0].Value = "changed after a read";
        var second = await store.ReadAsync("exec_packed", default);

        Assert.Equal("1", second![0].Values![0].Value);
        Assert.Equal("1", second[1].Values![0].Value);
        Assert.NotSame(first[1], second[1]);
    }

    [Fact]
    public async Task A_run_of_thousands_of_steps_resumes_from_its_in_memory_history()
    {
        var store = new InMemoryExecutionStore();
        var workflow = Counter(3_000, pauseAt: 2_500);
        var variables = new VariableStore();
        variables.Set("value", 0, JsonTypes.Int32);
        var paused = await new WorkflowRunner(store).RunAsync(workflow, variables);
        Assert.Equal(ExecutionStatus.Paused, paused.Status);

        var resumed = await new WorkflowRunner(store).ResumeAsync(workflow, paused.State.ExecutionId);

        Assert.True(resumed.Succeeded);
        Assert.Equal("3000", resumed.State.Variables.Single(v => v.Name == "value").Json);
        Assert.Equal(3_001, resumed.State.ExecutionLog.Count); // the paused attempt, then every step
        Assert.Equal([("value", "2499")], resumed.State.ExecutionLog[2_499].RealInputs.Select(v => (v.Name, v.Value)));
        var history = await store.ReadAsync(paused.State.ExecutionId, default);
        Assert.Equal(Enumerable.Range(1, history!.Count).Select(i => (long)i), history.Select(r => r.Sequence));
    }

    [Fact]
    public async Task Each_step_record_of_a_run_holds_that_steps_own_values()
    {
        var store = new InMemoryExecutionStore();
        var variables = new VariableStore();
        variables.Set("value", 0, JsonTypes.Int32);

        var result = await new WorkflowRunner(store).RunAsync(Counter(300, pauseAt: 0), variables);

        Assert.True(result.Succeeded);
        var history = await store.ReadAsync(result.State.ExecutionId, default);
        var started = history!.Where(r => r.Kind == ExecutionEventKind.StepStarted).Select(r => (r.Step, r.Values!.Single().Value));
        var completed = history!.Where(r => r.Kind == ExecutionEventKind.StepCompleted).Select(r => (r.Step, r.Values!.Single().Value));
        var set = history!.Where(r => r.Kind == ExecutionEventKind.VariableSet).Skip(1).Select(r => r.Value);
        var steps = Enumerable.Range(1, 300).ToList();
        Assert.Equal(steps.Select(i => ((int?)i, (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))), started);
        Assert.Equal(steps.Select(i => ((int?)i, i.ToString(System.Globalization.CultureInfo.InvariantCulture))), completed);
        Assert.Equal(steps.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), set);
        Assert.Equal(steps.Select(i => (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), result.State.ExecutionLog.Select(e => e.RealInputs.Single().Value));
    }

    private static WorkflowDefinition Counter(int steps, int pauseAt)
    {
        var plans = Enumerable.Range(1, steps).Select(order => new StepPlan
        {
            Order = order,
            Name = "add-" + order,
            Inputs = [new StepInputPlan { Name = "value", Reference = "{{value}}", TypeName = "int" }],
            Outputs = [new StepOutputPlan { Name = "value", TypeName = "int" }],
            SideEffects = "none",
        }).ToList();
        return new WorkflowDefinition(new WorkflowPlan { Name = "counter", Steps = plans }, plans.Select(plan => StepDefinition.Create(plan,
            () => new AddOne { PauseFirst = plan.Order == pauseAt },
            bindInputs: (step, variables) => step.Value = variables.Get("value", JsonTypes.Int32),
            publishOutputs: (step, outputs) => outputs.Set("value", step.Value + 1, JsonTypes.Int32))).ToList());
    }

    private sealed class AddOne : IStep
    {
        public int Value { get; set; }

        public bool PauseFirst { get; init; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (PauseFirst && context.Attempt == 1) context.Pause("a pause in the middle");
            return ValueTask.CompletedTask;
        }
    }
}

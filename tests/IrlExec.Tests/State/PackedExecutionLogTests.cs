namespace IrlExec.Tests.State;

/// <summary>
/// A state's execution log, kept packed while nobody holds its list (a long execution's live state), reads back exactly
/// as a log read at every step does; and a list once read shows every entry added after.
/// </summary>
public class PackedExecutionLogTests
{
    // Entries enough for the log's arrays to grow past their first sizes.
    private const int LongLog = 2048;

    private static readonly DateTimeOffset Day = new(2026, 12, 6, 17, 0, 0, TimeSpan.FromHours(2));

    // Creation, then per step a start and a completion, failure or pause (with errors, state changes, costs, null and
    // empty values), with a plan migration in the middle.
    private static List<ExecutionEvent> History(int steps)
    {
        var plan = new WorkflowPlan { Name = "w", Steps = [.. Enumerable.Range(1, steps).Select(i => new StepPlan { Order = i, Name = "s" + i, ToolMapping = i % 2 == 0 ? "Bash" : "" })] };
        var records = new List<ExecutionEvent>
        {
            new() { Kind = ExecutionEventKind.ExecutionCreated, ExecutionId = "exec_log", Workflow = "w", PlanShape = plan },
        };
        for (var i = 1; i <= steps; i++)
        {
            records.Add(new() { Kind = ExecutionEventKind.StepStarted, Step = i, Attempt = 1, Values = i % 9 == 0 ? null : [new NamedValue("in", i % 5 == 0 ? "" : "v" + i)] });
            if (i % 13 == 0) records.Add(new() { Kind = ExecutionEventKind.StateChangeRecorded, Step = i, Message = "wrote file " + i });
            records.Add((i % 17, i % 19) switch
            {
                (0, _) => new() { Kind = ExecutionEventKind.StepFailed, Step = i, Attempt = 1, Message = i % 2 == 0 ? null : "boom " + i, Cost = 0.25m, Seconds = 1.5 },
                (_, 0) => new() { Kind = ExecutionEventKind.StepPaused, Step = i, Attempt = 1, Message = "waiting " + i, Seconds = 0 },
                _ => new() { Kind = ExecutionEventKind.StepCompleted, Step = i, Attempt = 1, Cost = i % 3 == 0 ? 1.10m : null, Seconds = i * 0.001, Values = i % 7 == 0 ? [] : [new NamedValue("out", "é" + i), new NamedValue("twice", new string('x', i % 50))] },
            });
            if (i == steps / 2) records.Add(new() { Kind = ExecutionEventKind.PlanMigrated, PlanVersion = 2, PlanFingerprint = "f2", Message = "compatible change" });
        }
        for (var i = 0; i < records.Count; i++)
        {
            records[i].Sequence = i + 1;
            records[i].Timestamp = Day.AddMilliseconds(i * 7);
        }
        return records;
    }

    private static object[] Fields(StepExecutionRecord entry) =>
    [
        entry.Step, entry.Timestamp, entry.Timestamp.Offset, entry.Attempt, entry.ToolUsed, entry.ActualCost.ToString(System.Globalization.CultureInfo.InvariantCulture),
        entry.ActualSeconds, entry.Errors ?? "(null)", entry.PauseReason ?? "(null)", string.Join("|", entry.StateChanges),
        string.Join("|", entry.RealInputs.Select(v => v.Name + "=" + v.Value)), string.Join("|", entry.RealOutputs.Select(v => v.Name + "=" + v.Value)),
    ];

    [Fact]
    public void A_log_read_only_at_the_end_of_a_long_history_equals_a_log_read_at_every_record()
    {
        var history = History(LongLog * 2 + 300);
        var readAlways = new ExecutionState();
        var readAtEnd = new ExecutionState();
        foreach (var record in history)
        {
            ExecutionStateProjector.Apply(readAlways, record);
            _ = readAlways.ExecutionLog;
            ExecutionStateProjector.Apply(readAtEnd, record);
        }

        Assert.Equal(readAlways.ExecutionLog.Count, readAtEnd.ExecutionLog.Count);
        Assert.Equal(readAlways.ExecutionLog.Select(Fields), readAtEnd.ExecutionLog.Select(Fields));
        Assert.Equal(readAlways.PlanMigrations.Single().LogPosition, readAtEnd.PlanMigrations.Single().LogPosition);
        Assert.Equal(LongLog + 150, readAtEnd.PlanMigrations.Single().LogPosition);
    }

    [Fact]
    public void A_log_list_read_once_shows_every_entry_added_after_and_keeps_changes_made_to_it()
    {
        var history = History(LongLog + 10);
        var state = new ExecutionState();
        var half = history.Count / 2;
        foreach (var record in history.Take(half)) ExecutionStateProjector.Apply(state, record);

        var held = state.ExecutionLog;
        var countAtRead = held.Count;
        held[0].Errors = "changed by the reader";
        foreach (var record in history.Skip(half)) ExecutionStateProjector.Apply(state, record);

        Assert.Same(held, state.ExecutionLog);
        Assert.True(held.Count > countAtRead);
        Assert.Equal(LongLog + 10, held.Count);
        Assert.Equal("changed by the reader", state.ExecutionLog[0].Errors);
    }

    [Fact]
    public void A_log_entry_keeps_the_values_its_records_had_when_the_attempt_ended()
    {
        var state = new ExecutionState();
        var history = History(3);
        foreach (var record in history.Take(3)) ExecutionStateProjector.Apply(state, record); // creation, step 1 started and completed

        // A runner reuses its lists (and their pairs) for the next step's records once the attempt's entry is made.
        history[1].Values![0].Value = "reused for step 2";
        history[2].Values![0].Value = "reused for step 2";
        history[2].Values!.RemoveAt(1);

        var entry = Assert.Single(state.ExecutionLog);
        Assert.Equal(["in=v1"], entry.RealInputs.Select(v => v.Name + "=" + v.Value));
        Assert.Equal(["out=é1", "twice=x"], entry.RealOutputs.Select(v => v.Name + "=" + v.Value));
    }

    [Fact]
    public void A_first_entry_with_state_changes_is_in_the_log_with_them()
    {
        var state = new ExecutionState();
        var history = History(13); // step 13 records a state change; its entry is the log's first below
        foreach (var record in history.Take(1)) ExecutionStateProjector.Apply(state, record);
        foreach (var record in history.Where(r => r.Step == 13)) ExecutionStateProjector.Apply(state, record);

        var entry = Assert.Single(state.ExecutionLog);
        Assert.Equal((13, "wrote file 13"), (entry.Step, Assert.Single(entry.StateChanges)));
    }

    [Fact]
    public void A_log_set_from_outside_is_the_log()
    {
        var state = ExecutionStateProjector.Replay(History(20));
        var replaced = new List<StepExecutionRecord> { new() { Step = 99 } };

        state.ExecutionLog = replaced;

        Assert.Same(replaced, state.ExecutionLog);
        Assert.Equal(99, Assert.Single(state.ExecutionLog).Step);
    }
}

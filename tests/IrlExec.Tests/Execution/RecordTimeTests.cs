using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// When a step's records are timed: its start when it starts; the variables it published and its completion together,
/// with one reading of the clock when it returned (they happen at once, and a reading costs as much as a record).
/// </summary>
public sealed class RecordTimeTests
{
    /// <summary>A clock that moves a millisecond at every reading: records timed by separate readings differ.</summary>
    private sealed class TickingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public int Readings { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            Readings++;
            return _now = _now.AddMilliseconds(1);
        }
    }

    private static readonly DateTimeOffset Start = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    private static async Task<IReadOnlyList<ExecutionEvent>> RunAsync(TickingClock clock)
    {
        var store = new InMemoryExecutionStore();
        var workflow = TestWorkflow.Create("timed",
            StepSpec.Sync("first", (_, o) => { o["a"] = "1"; o["b"] = "2"; }) with { Outputs = ["a", "b"] },
            StepSpec.Sync("second", (_, o) => o["c"] = "3") with { Outputs = ["c"] });
        var result = await new WorkflowRunner(store, timeProvider: clock).RunAsync(workflow);
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        return (await store.ReadAsync(result.ExecutionId, CancellationToken.None))!;
    }

    [Fact]
    public async Task A_steps_published_variables_and_its_completion_have_one_time()
    {
        var history = await RunAsync(new TickingClock(Start));

        foreach (var step in new[] { 1, 2 })
        {
            var completed = Assert.Single(history, r => r.Kind == ExecutionEventKind.StepCompleted && r.Step == step);
            var at = history.ToList().IndexOf(completed);
            var published = history.Take(at).Reverse().TakeWhile(r => r.Kind == ExecutionEventKind.VariableSet).ToList();
            Assert.Equal(step == 1 ? 2 : 1, published.Count);
            Assert.All(published, r => Assert.Equal(completed.Timestamp, r.Timestamp));
        }
    }

    [Fact]
    public async Task A_steps_end_is_timed_after_its_start_and_before_the_next_start()
    {
        var history = await RunAsync(new TickingClock(Start));

        var started1 = Assert.Single(history, r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 1);
        var completed1 = Assert.Single(history, r => r.Kind == ExecutionEventKind.StepCompleted && r.Step == 1);
        var started2 = Assert.Single(history, r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 2);
        Assert.True(started1.Timestamp < completed1.Timestamp, $"{started1.Timestamp:O} then {completed1.Timestamp:O}");
        Assert.True(completed1.Timestamp < started2.Timestamp, $"{completed1.Timestamp:O} then {started2.Timestamp:O}");
        for (var i = 1; i < history.Count; i++) Assert.True(history[i - 1].Timestamp <= history[i].Timestamp, $"record {i}");
    }
}

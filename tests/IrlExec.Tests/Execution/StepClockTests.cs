namespace IrlExec.Tests.Execution;

/// <summary>
/// A step's start and end are timed from one reading of the monotonic clock each (<see cref="StepClock"/>): the wall-clock
/// time of that reading, derived from a pair of readings of both clocks. While the wall clock runs with the monotonic one,
/// the derived time is the one a reading of the wall clock gives; a change of the wall clock shows within a second; a
/// time given is never earlier than the last one.
/// </summary>
public sealed class StepClockTests
{
    // Two clocks moved by the test: the wall clock and the monotonic one (in ticks of 100 ns).
    private sealed class TwoClocks : TimeProvider
    {
        public DateTimeOffset Wall = new(2026, 12, 7, 7, 0, 0, TimeSpan.Zero);
        public long Monotonic = 5_000_000_000;

        public override DateTimeOffset GetUtcNow() => Wall;

        public override long GetTimestamp() => Monotonic;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Run(long ticks)
        {
            Wall = Wall.AddTicks(ticks);
            Monotonic += ticks;
        }
    }

    [Fact]
    public void While_the_wall_clock_runs_with_the_monotonic_one_a_derived_time_is_a_reading_of_the_wall_clock()
    {
        var random = new Random(707);
        var clocks = new TwoClocks();
        var clock = new StepClock();
        for (var i = 0; i < 20_000; i++)
        {
            // Steps of a few microseconds to a few seconds apart: within one pair, and past its second.
            clocks.Run(random.Next(4) == 0 ? random.NextInt64(1, 30_000_000) : random.Next(1, 20_000));
            Assert.Equal(clocks.GetUtcNow(), clock.TimeAt(clocks, clocks.GetTimestamp()));
        }
    }

    [Fact]
    public void A_change_of_the_wall_clock_shows_within_a_second_and_no_time_goes_back()
    {
        var random = new Random(708);
        var clocks = new TwoClocks();
        var clock = new StepClock();
        var last = DateTimeOffset.MinValue;
        for (var change = 0; change < 200; change++)
        {
            // The wall clock is set forward or back by up to a minute; the monotonic clock does not move.
            clocks.Wall = clocks.Wall.AddTicks(random.NextInt64(-600_000_000, 600_000_000));
            var changedAt = clocks.Monotonic;
            while (clocks.Monotonic - changedAt <= 2 * TimeSpan.TicksPerSecond)
            {
                clocks.Run(random.Next(1, 5_000_000));
                var at = clock.TimeAt(clocks, clocks.GetTimestamp());
                Assert.True(at >= last, $"{at:O} is earlier than {last:O}, given before");
                last = at;
                // Past a second after the change, the time is the wall clock's again (unless that is earlier than one given).
                if (clocks.Monotonic - changedAt > TimeSpan.TicksPerSecond && clocks.GetUtcNow() >= last) Assert.Equal(clocks.GetUtcNow(), at);
            }
        }
    }

    [Fact]
    public async Task A_run_on_the_system_clock_times_each_step_within_its_start_and_end()
    {
        var store = new InMemoryExecutionStore();
        var workflow = Support.TestWorkflow.Create("timed",
            Support.StepSpec.Sync("first", (_, o) => o["a"] = "1") with { Outputs = ["a"] },
            Support.StepSpec.Sync("second", (_, o) => o["b"] = "2") with { Outputs = ["b"] });
        var before = DateTimeOffset.UtcNow;
        var result = await new WorkflowRunner(store).RunAsync(workflow);
        var after = DateTimeOffset.UtcNow;

        var history = (await store.ReadAsync(result.ExecutionId, CancellationToken.None))!;
        Assert.Equal(4, history.Count(r => r.Kind is ExecutionEventKind.StepStarted or ExecutionEventKind.StepCompleted));
        // In the order recorded, each time at or after the one before, all within the run.
        var times = history.Select(r => r.Timestamp).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(times, t => Assert.InRange(t, before, after));
    }
}

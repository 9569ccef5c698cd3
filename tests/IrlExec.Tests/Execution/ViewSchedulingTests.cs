using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// When observers (the views) see committed records: every record exactly once and in order; at every commit in a
/// small execution; in a long execution an expensive view catches up in batches, at every status change, and during a
/// long step. The "expensive" observer sleeps at least 1 ms per call (Thread.Sleep never returns early), so it always meets the rule's cost threshold (1 ms).
/// </summary>
public sealed class ViewSchedulingTests
{
    [Fact]
    public async Task A_small_execution_shows_every_commit_to_every_observer()
    {
        var observer = new RecordingObserver(delay: TimeSpan.FromMilliseconds(1));
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [observer]);

        var result = await runner.RunAsync(Steps(20));

        var history = (await runner.Store.ReadAsync(result.ExecutionId, default))!;
        // Creation, then per step a start commit and a completion commit, then the completion of the execution.
        Assert.Equal(1 + 20 * 2 + 1, observer.Calls);
        Assert.Equal(history.Select(r => r.Sequence), observer.Sequences);
    }

    [Fact]
    public async Task A_long_execution_shows_an_expensive_view_every_record_once_in_order_in_fewer_calls()
    {
        var observer = new RecordingObserver(delay: TimeSpan.FromMilliseconds(1));
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [observer]);

        var result = await runner.RunAsync(Steps(700));

        var history = (await runner.Store.ReadAsync(result.ExecutionId, default))!;
        Assert.Equal(history.Select(r => r.Sequence), observer.Sequences);
        Assert.True(observer.Calls < 1 + 700 * 2 + 1, $"expected batched calls once the history passed {ViewScheduler.AlwaysCurrentUpTo} records, got {observer.Calls}");
    }

    [Fact]
    public async Task The_last_call_of_a_deferred_view_shows_the_final_status()
    {
        var observer = new RecordingObserver(delay: TimeSpan.FromMilliseconds(1));
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [observer]);

        await runner.RunAsync(Steps(700));

        Assert.Equal(ExecutionStatus.CompletedSuccess, observer.LastStatus);
        Assert.Equal(ExecutionEventKind.StatusChanged, observer.LastRecordKind);
    }

    [Fact]
    public async Task A_deferred_view_catches_up_while_the_execution_waits_in_a_long_step()
    {
        var observer = new RecordingObserver(delay: TimeSpan.FromMilliseconds(1));
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [observer]);
        const int longStep = 700;
        var sawLongStepRunning = false;
        var steps = Enumerable.Range(1, longStep).Select(i => i < longStep
            ? StepSpec.Sync("s" + i, (_, _) => { })
            : new StepSpec("s" + i, async (_, _) =>
            {
                // Without a catch-up the view would only learn that this step started when it completes.
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
                while (!observer.SawRunning(longStep) && DateTime.UtcNow < deadline) await Task.Delay(20);
                sawLongStepRunning = observer.SawRunning(longStep);
            })).ToArray();

        await runner.RunAsync(TestWorkflow.Create("long-step", steps));

        Assert.True(sawLongStepRunning);
    }

    private static WorkflowDefinition Steps(int count) =>
        TestWorkflow.Create("many-steps", Enumerable.Range(1, count).Select(i => StepSpec.Sync("s" + i, (_, _) => { })).ToArray());

    private sealed class RecordingObserver(TimeSpan delay) : IExecutionObserver
    {
        private readonly object _gate = new();
        private readonly List<long> _sequences = [];
        private readonly HashSet<int> _running = [];

        public int Calls { get; private set; }

        public IReadOnlyList<long> Sequences
        {
            get { lock (_gate) return _sequences.ToList(); }
        }

        public ExecutionStatus LastStatus { get; private set; }

        public ExecutionEventKind LastRecordKind { get; private set; }

        public bool SawRunning(int step)
        {
            lock (_gate) return _running.Contains(step);
        }

        public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            Thread.Sleep(delay); // an expensive view, like a whole-file rewrite of a long execution
            lock (_gate)
            {
                Calls++;
                _sequences.AddRange(records.Select(r => r.Sequence));
                foreach (var step in state.Steps.Where(s => s.Status == StepStatus.Running)) _running.Add(step.Order);
                LastStatus = state.Status;
                LastRecordKind = records[^1].Kind;
            }
            return ValueTask.CompletedTask;
        }
    }
}

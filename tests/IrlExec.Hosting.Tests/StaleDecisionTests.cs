using static IrlExec.Hosting.Tests.Workflows;

namespace IrlExec.Hosting.Tests;

/// <summary>
/// The worker decides to wake an execution from a read of its history taken without its lease. Another process (a second
/// host on the root, a CLI resume) may act on it before this worker gets the lease: the worker then checks its rule again
/// on the history as it stands, and leaves alone an execution that no longer wants waking.
/// </summary>
public sealed class StaleDecisionTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    // Attempt 1 pauses on a timer that is due at once; any later attempt pauses for a person.
    private static WorkflowDefinition TimerThenPerson() => Of("stale-decision", Step("decide", c =>
    {
        if (c.Attempt == 1) c.PauseFor(TimeSpan.FromMilliseconds(1), "cooling down");
        else c.Pause("waiting for a human");
    }));

    [Fact]
    public async Task A_timer_seen_due_in_a_stale_read_does_not_rerun_a_step_that_now_waits_for_a_person()
    {
        var workflow = TimerThenPerson();
        var inner = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(inner);
        var id = (await runner.RunAsync(workflow)).ExecutionId;
        var timerDue = (await inner.ReadAsync(id, default))!.ToList();
        await Task.Delay(5); // past the 1 ms timer, so the stale read shows it due
        var byAnother = await runner.ResumeAsync(workflow, id); // another process woke it; its step now waits for a person
        Assert.Equal("waiting for a human", byAnother.Reason);
        var recorded = (await inner.ReadAsync(id, default))!.Count;
        var store = new StaleFirstReadStore(inner, id, timerDue);

        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow).UseStore(_ => store));
        await store.LeaseReleased.Task.WaitAsync(Patience); // the worker's resume took the lease and gave it up
        await host.StopAsync();

        Assert.True(store.StaleReadServed);
        Assert.Equal(2, RunsOf(id, 1));
        Assert.Equal(recorded, (await inner.ReadAsync(id, default))!.Count);
    }

    [Fact]
    public async Task An_execution_that_still_wants_waking_under_the_lease_is_woken()
    {
        var workflow = Of("stale-decision-still-due", Step("decide", c => { if (c.Attempt == 1) c.PauseFor(TimeSpan.FromMilliseconds(1), "cooling down"); }));
        var inner = new InMemoryExecutionStore();
        var id = (await new WorkflowRunner(inner).RunAsync(workflow)).ExecutionId;
        var timerDue = (await inner.ReadAsync(id, default))!.ToList();
        await Task.Delay(5);
        var store = new StaleFirstReadStore(inner, id, timerDue);

        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow).UseStore(_ => store));
        var done = await host.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), new CancellationTokenSource(Patience).Token);
        await host.StopAsync();

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(2, RunsOf(id, 1));
    }

    /// <summary>
    /// An in-memory store whose first read of one execution returns an earlier history (what the worker's scan saw before
    /// another process acted), and which tells when a lease on that execution is given up.
    /// </summary>
    private sealed class StaleFirstReadStore(InMemoryExecutionStore inner, string executionId, IReadOnlyList<ExecutionEvent> stale) : IExecutionStore
    {
        private int _reads;

        public bool StaleReadServed { get; private set; }

        public TaskCompletionSource LeaseReleased { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string id, CancellationToken cancellationToken)
        {
            if (id == executionId && Interlocked.Increment(ref _reads) == 1)
            {
                StaleReadServed = true;
                return ValueTask.FromResult<IReadOnlyList<ExecutionEvent>?>(stale);
            }
            return inner.ReadAsync(id, cancellationToken);
        }

        public async ValueTask<IAsyncDisposable> AcquireLeaseAsync(string id, CancellationToken cancellationToken)
        {
            var lease = await inner.AcquireLeaseAsync(id, cancellationToken);
            return id == executionId ? new SignallingLease(lease, LeaseReleased) : lease;
        }

        public ValueTask AppendAsync(string id, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken) =>
            inner.AppendAsync(id, records, flushToDisk, cancellationToken);

        public ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken) => inner.ReserveRunLabelAsync(workflow, now, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public ValueTask PostSignalAsync(string id, PendingSignal signal, CancellationToken cancellationToken) => inner.PostSignalAsync(id, signal, cancellationToken);

        public ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string id, CancellationToken cancellationToken) => inner.ReadPendingSignalsAsync(id, cancellationToken);

        public ValueTask RemovePendingSignalsAsync(string id, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken) => inner.RemovePendingSignalsAsync(id, signals, cancellationToken);
    }

    private sealed class SignallingLease(IAsyncDisposable lease, TaskCompletionSource released) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await lease.DisposeAsync();
            released.TrySetResult();
        }
    }
}

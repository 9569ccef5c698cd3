using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static IrlExec.Hosting.Tests.Workflows;

namespace IrlExec.Hosting.Tests;

/// <summary>
/// What the hosted path adds to a run that the bare runner does not do: no read of a history this host already holds in
/// memory, and no work for the ILogger forwarder when nobody listens (the hosted-worker benchmark row measures the rest).
/// </summary>
public sealed class HostedPathCostTests : IDisposable
{
    // A token of its own for each wait, never one shared by the class: a shared one would count every test's time since
    // the first, and the tests after a minute of a loaded machine would find it already cancelled.
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static Task<IHost> StartAsync(ReadCountingStore store, WorkflowDefinition workflow, bool worker) =>
        TestHost.StartAsync("unused", b => b.AddWorkflow(workflow).UseStore(_ => store), configure: o =>
        {
            o.EnableWorker = worker;
            o.PollInterval = TimeSpan.FromMilliseconds(20);
        });

    // How often the bare runner reads the history of a run it starts (its check that the id is new): all the hosted path may.
    private static async Task<int> BareReadsAsync(WorkflowDefinition workflow)
    {
        var store = new ReadCountingStore();
        var result = await new WorkflowRunner(store).RunAsync(workflow);
        return store.ReadsOf(result.ExecutionId);
    }

    [Fact]
    public async Task Waiting_for_a_run_of_this_host_returns_the_state_it_ended_in_without_reading_the_history()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new ReadCountingStore();
        var workflow = Of("waited", Step("a", c => c.Log("one")), AsyncStep("b", (_, _) => gate.Task));
        using var host = await StartAsync(store, workflow, worker: false);
        var client = host.Client();

        var id = await client.StartAsync("waited");
        var waiting = client.WaitAsync(id, cancellationToken: Timeout); // while the run is under way
        gate.SetResult();
        var waited = await waiting;

        Assert.Equal(await BareReadsAsync(workflow), store.ReadsOf(id));
        Assert.Equal(ExecutionStatus.CompletedSuccess, waited.Status);
        // The same state as the history's, read back.
        Assert.Equal(ExecutionStateMarkdownWriter.Render((await client.GetAsync(id))!), ExecutionStateMarkdownWriter.Render(waited));
        await host.StopAsync();
    }

    [Fact]
    public async Task Two_waiters_of_one_run_get_states_of_their_own()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new ReadCountingStore();
        using var host = await StartAsync(store, Of("waited-twice", AsyncStep("a", (_, _) => gate.Task)), worker: false);
        var client = host.Client();

        var id = await client.StartAsync("waited-twice");
        var first = client.WaitAsync(id, cancellationToken: Timeout);
        var second = client.WaitAsync(id, cancellationToken: Timeout);
        gate.SetResult();
        var states = await Task.WhenAll(first, second);

        Assert.NotSame(states[0], states[1]);
        Assert.Equal(ExecutionStateMarkdownWriter.Render(states[0]), ExecutionStateMarkdownWriter.Render(states[1]));
        await host.StopAsync();
    }

    [Fact]
    public async Task Waiting_for_a_run_that_paused_then_resumed_on_request_returns_the_resumed_runs_end()
    {
        var store = new ReadCountingStore();
        var workflow = Of("waited-resumed", Step("a", c =>
        {
            if (!c.IsResumed) c.Pause("waits for a person");
        }));
        using var host = await StartAsync(store, workflow, worker: false);
        var client = host.Client();

        var id = await client.StartAsync("waited-resumed");
        Assert.Equal(ExecutionStatus.Paused, (await client.WaitAsync(id, cancellationToken: Timeout)).Status);
        await client.ResumeAsync(id, cancellationToken: Timeout);
        var done = await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), Timeout);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_worker_never_reads_back_the_history_of_an_execution_it_ran_to_its_end()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new ReadCountingStore();
        var workflow = Of("scanned", Step("a"), AsyncStep("b", (_, _) => gate.Task));
        using var host = await StartAsync(store, workflow, worker: true);
        var client = host.Client();

        var id = await client.StartAsync("scanned");
        var waiting = client.WaitAsync(id, cancellationToken: Timeout);
        gate.SetResult();
        await waiting;
        // Three more scans of the store, each of which looks at every execution it has not seen finish.
        var lists = store.Lists;
        while (store.Lists < lists + 3) await Task.Delay(10, Timeout);

        Assert.Equal(await BareReadsAsync(workflow), store.ReadsOf(id));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_worker_does_not_read_a_new_execution_of_this_host_listed_before_its_run_said_it_started()
    {
        // The creation's commit returns only once the worker has scanned the store twice since it was appended: those
        // scans list the new execution before the run can report that it started, and must see it as this host's run.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new ReadCountingStore { HoldCreation = true };
        var workflow = Of("held-creation", Step("a"), AsyncStep("b", (_, _) => gate.Task));
        using var host = await StartAsync(store, workflow, worker: true);
        var client = host.Client();

        var id = await client.StartAsync("held-creation");
        var waiting = client.WaitAsync(id, cancellationToken: Timeout); // while the run is under way: it reads nothing
        gate.SetResult();
        await waiting;

        Assert.True(store.CreationHeld, "the worker did not scan while the creation was held");
        Assert.Equal(await BareReadsAsync(workflow), store.ReadsOf(id));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_worker_still_looks_at_an_execution_another_runner_left_unfinished()
    {
        var store = new ReadCountingStore();
        var workflow = Of("left-paused", Step("a", c => c.PauseFor(TimeSpan.FromSeconds(1))));
        var elsewhere = await new WorkflowRunner(store).RunAsync(workflow);
        Assert.Equal(ExecutionStatus.Paused, elsewhere.Status);
        using var host = await StartAsync(store, workflow, worker: true);

        // Once its timer is due the worker reads its history and wakes it (a second: long enough that the run pauses under load).
        var done = await host.Client().WaitAsync(elsewhere.ExecutionId, s => StatusTransitions.IsTerminal(s.Status), Timeout);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.True(store.ReadsOf(elsewhere.ExecutionId) > 0);
        await host.StopAsync();
    }

    [Fact]
    public async Task With_no_level_enabled_the_log_forwarder_does_no_work_for_a_commit()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var result = await runner.RunAsync(Of("quiet", Step("a", c => c.Log(ExecutionLogLevel.Warn, "careful")), Step("b", _ => throw new IOException("disk full"))),
            options: new RunOptions { OnStepFailure = StepFailurePolicy.FailExecution });
        var timeout = Timeout; // made before the measurement: its allocation is not the forwarder's
        var records = (await runner.Store.ReadAsync(result.ExecutionId, timeout))!;
        using var nobody = new LoggerFactory();
        var forwarder = new ExecutionLogForwarder(nobody);
        await forwarder.OnCommittedAsync(result.State, records, timeout); // the workflow's logger is made once

        var before = GC.GetAllocatedBytesForCurrentThread();
        var call = forwarder.OnCommittedAsync(result.State, records, timeout);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(call.IsCompletedSuccessfully);
        Assert.Equal(0, allocated); // not a line formatted, not a level computed
    }

    /// <summary>
    /// An in-memory store that counts the reads of each history and the listings; with <see cref="HoldCreation"/> its
    /// first append (a new execution's creation) returns only after two more listings (a minute at most).
    /// </summary>
    private sealed class ReadCountingStore : IExecutionStore
    {
        private readonly InMemoryExecutionStore _inner = new();
        private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
        private int _lists;
        private int _appends;

        public bool HoldCreation { get; init; }

        public bool CreationHeld { get; private set; }

        public int Lists => Volatile.Read(ref _lists);

        public int ReadsOf(string executionId) => _reads.GetValueOrDefault(executionId);

        public ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string executionId, CancellationToken cancellationToken)
        {
            _reads.AddOrUpdate(executionId, 1, (_, n) => n + 1);
            return _inner.ReadAsync(executionId, cancellationToken);
        }

        public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lists);
            return _inner.ListAsync(cancellationToken);
        }

        public ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken) => _inner.ReserveRunLabelAsync(workflow, now, cancellationToken);

        public async ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken)
        {
            await _inner.AppendAsync(executionId, records, flushToDisk, cancellationToken);
            if (!HoldCreation || Interlocked.Increment(ref _appends) != 1) return;
            var lists = Lists;
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (Lists < lists + 2 && DateTime.UtcNow < deadline) await Task.Delay(10, CancellationToken.None);
            CreationHeld = Lists >= lists + 2;
        }

        public ValueTask<IAsyncDisposable> AcquireLeaseAsync(string executionId, CancellationToken cancellationToken) => _inner.AcquireLeaseAsync(executionId, cancellationToken);

        public ValueTask PostSignalAsync(string executionId, PendingSignal signal, CancellationToken cancellationToken) => _inner.PostSignalAsync(executionId, signal, cancellationToken);

        public ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string executionId, CancellationToken cancellationToken) =>
            _inner.ReadPendingSignalsAsync(executionId, cancellationToken);

        public ValueTask RemovePendingSignalsAsync(string executionId, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken) =>
            _inner.RemovePendingSignalsAsync(executionId, signals, cancellationToken);
    }
}

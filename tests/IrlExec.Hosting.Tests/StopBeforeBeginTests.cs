using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using static IrlExec.Hosting.Tests.Workflows;

namespace IrlExec.Hosting.Tests;

/// <summary>
/// A host stopped (its shutdown timeout over) while a run of its has not begun yet (waiting for its lease): the run ends
/// with nothing recorded, logged as stopped before it began, not as a failed run; the execution is left as it was.
/// </summary>
public sealed class StopBeforeBeginTests
{
    [Fact]
    public async Task A_resume_stopped_before_it_begins_records_nothing_and_is_not_logged_as_a_failure()
    {
        var store = new SlowLeaseStore();
        var workflow = Of("slow-lease", Step("a"));
        var paused = await new WorkflowRunner(store).RunAsync(workflow, options: new RunOptions { StopRequested = new CancellationToken(true) });
        var before = (await store.ReadAsync(paused.ExecutionId, default))!.Count;
        store.Slow = true;
        var collector = new FakeLogCollector();
        using var host = new ExecutionHost(new WorkflowRunner(store), Options.Create(new IrlExecOptions()), new FakeLogger<ExecutionHost>(collector));

        Assert.True(host.Resume(workflow, paused.ExecutionId, null, "test"));
        await store.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.DrainAsync(new CancellationToken(true)); // the shutdown timeout is over at once: runs are cancelled

        var records = collector.GetSnapshot();
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Error);
        Assert.Contains(records, r => r.Id.Id == 8 && r.Message.Contains(paused.ExecutionId, StringComparison.Ordinal));
        Assert.Equal(before, (await store.ReadAsync(paused.ExecutionId, default))!.Count);
        Assert.False(host.IsRunning(paused.ExecutionId));
    }

    /// <summary>An in-memory store whose lease, once <see cref="Slow"/>, is given only when the caller gives up (cancels).</summary>
    private sealed class SlowLeaseStore : IExecutionStore
    {
        private readonly InMemoryExecutionStore _inner = new();

        public bool Slow { get; set; }

        public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<IAsyncDisposable> AcquireLeaseAsync(string executionId, CancellationToken cancellationToken)
        {
            if (Slow)
            {
                Waiting.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return await _inner.AcquireLeaseAsync(executionId, cancellationToken);
        }

        public ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken) =>
            _inner.AppendAsync(executionId, records.ToList(), flushToDisk, cancellationToken);

        public ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken) => _inner.ReserveRunLabelAsync(workflow, now, cancellationToken);

        public ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string executionId, CancellationToken cancellationToken) => _inner.ReadAsync(executionId, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) => _inner.ListAsync(cancellationToken);

        public ValueTask PostSignalAsync(string executionId, PendingSignal signal, CancellationToken cancellationToken) => _inner.PostSignalAsync(executionId, signal, cancellationToken);

        public ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string executionId, CancellationToken cancellationToken) => _inner.ReadPendingSignalsAsync(executionId, cancellationToken);

        public ValueTask RemovePendingSignalsAsync(string executionId, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken) => _inner.RemovePendingSignalsAsync(executionId, signals, cancellationToken);
    }
}

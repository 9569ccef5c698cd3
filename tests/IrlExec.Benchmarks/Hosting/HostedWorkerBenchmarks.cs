using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;
using IrlExec.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IrlExec.Benchmarks.Hosting;

/// <summary>
/// Hosting (issue 24): the per-step cost of a run started through <see cref="IWorkflowClient"/> and run by the hosted
/// worker of a real generic host (<c>AddIrlExec</c> on a filesystem root: the store, every view, and the ILogger
/// forwarder into a logging pipeline with no provider), against the same run on a bare <see cref="WorkflowRunner.ForDirectory"/>
/// (the baseline); target ≤ 1.1×. And the bare runner again with an <see cref="ActivityListener"/> on the <c>IrlExec</c>
/// source that records every span and a <see cref="System.Diagnostics.Metrics.MeterListener"/> on its instruments: what
/// tracing costs when something listens (reported).
/// <para>
/// An fsync'd step varies by ± 15 % from one short iteration to the next on a shared disk: each iteration is 16 runs (320
/// steps), so that the noise of single runs averages out within it; run it with several launches and many iterations
/// (docs/performance.md section 8 gives the command) and read the medians with the ratio.
/// </para>
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
// No manifest reset between iterations: each case makes the same number of runs, so the manifest's growth
// (ManifestGrowthBenchmarks) weighs the same on both sides of the ratio.
[InvocationCount(16)]
[WarmupCount(8)]
public class HostedWorkerBenchmarks
{
    private const int Steps = 20;
    private string _root = null!;
    private WorkflowRunner _bare = null!;
    private WorkflowDefinition _workflow = null!;
    private IHost _host = null!;
    private IWorkflowClient _client = null!;
    private ActivityListener? _tracing;
    private System.Diagnostics.Metrics.MeterListener? _metrics;

    [GlobalSetup]
    public async Task Setup()
    {
        _root = BenchWorkflows.NewRoot("hosted");
        _workflow = BenchWorkflows.Typical("hosted", Steps, static () => new TypicalStep());
        _bare = WorkflowRunner.ForDirectory(Path.Combine(_root, "bare"));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddIrlExec(o => o.Root = Path.Combine(_root, "hosted")).AddWorkflow(_workflow);
        _host = builder.Build();
        await _host.StartAsync().ConfigureAwait(false);
        _client = _host.Services.GetRequiredService<IWorkflowClient>();
        // One run on each side: the roots' folders and manifests exist before the first iteration resets them.
        await BareRunner().ConfigureAwait(false);
        await HostedWorker().ConfigureAwait(false);
    }

    [GlobalSetup(Target = nameof(BareRunnerTraced))]
    public async Task SetupTraced()
    {
        await Setup().ConfigureAwait(false);
        _tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IrlExecDiagnostics.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_tracing);
        _metrics = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == IrlExecDiagnostics.Name) listener.EnableMeasurementEvents(instrument);
            },
        };
        _metrics.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        _metrics.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        _metrics.SetMeasurementEventCallback<int>(static (_, _, _, _) => { });
        _metrics.Start();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _tracing?.Dispose();
        _metrics?.Dispose();
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
        BenchWorkflows.DeleteRoot(_root);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "bare runner, filesystem root + views, nobody listens to IrlExec")]
    public async Task BareRunner()
    {
        var result = await _bare.RunAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "hosted worker: IWorkflowClient.StartAsync + WaitAsync, same root kind")]
    public async Task HostedWorker()
    {
        var id = await _client.StartAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        var state = await _client.WaitAsync(id).ConfigureAwait(false);
        if (state.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + state.Status);
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "bare runner, every IrlExec span recorded and every instrument listened to")]
    public Task BareRunnerTraced() => BareRunner();
}

/// <summary>
/// A supporting, lower-noise pair for <see cref="HostedWorkerBenchmarks"/> (not the row the target names): the same 20-step
/// run on a filesystem root with every view, but a store whose appends are never flushed to disk (no fsync, the main
/// source of noise), on a bare runner and through <c>IWorkflowClient.StartAsync</c> + <c>WaitAsync</c> on a real host
/// (<c>UseStore</c> with the same store and views, plus the ILogger forwarder into a pipeline with no provider). Each step
/// then costs less, so what the hosted path adds per run weighs more than in the target row.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(16)]
[WarmupCount(8)]
public class HostedWorkerNoFsyncBenchmarks
{
    private const int Steps = 20;
    private string _root = null!;
    private WorkflowRunner _bare = null!;
    private WorkflowDefinition _workflow = null!;
    private IHost _host = null!;
    private IWorkflowClient _client = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _root = BenchWorkflows.NewRoot("hosted-nofsync");
        _workflow = BenchWorkflows.Typical("hosted-nofsync", Steps, static () => new TypicalStep());
        var bare = new ExecutionLayout(Path.Combine(_root, "bare"));
        _bare = new WorkflowRunner(new UnflushedStore(new FileSystemExecutionStore(bare)), StandardObservers.For(bare));
        var hosted = new ExecutionLayout(Path.Combine(_root, "hosted"));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddIrlExec().AddWorkflow(_workflow)
            .UseStore(_ => new UnflushedStore(new FileSystemExecutionStore(hosted)), _ => StandardObservers.For(hosted));
        _host = builder.Build();
        await _host.StartAsync().ConfigureAwait(false);
        _client = _host.Services.GetRequiredService<IWorkflowClient>();
        await BareRunner().ConfigureAwait(false);
        await HostedWorker().ConfigureAwait(false);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
        BenchWorkflows.DeleteRoot(_root);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "bare runner, filesystem root + views, appends never fsync'd")]
    public async Task BareRunner()
    {
        var result = await _bare.RunAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "hosted worker: StartAsync + WaitAsync, same store (never fsync'd) + views")]
    public async Task HostedWorker()
    {
        var id = await _client.StartAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        var state = await _client.WaitAsync(id).ConfigureAwait(false);
        if (state.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + state.Status);
    }

    /// <summary>The filesystem store, with every append written but none flushed to disk.</summary>
    private sealed class UnflushedStore(IExecutionStore inner) : IExecutionStore
    {
        public ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken) =>
            inner.AppendAsync(executionId, records, flushToDisk: false, cancellationToken);

        public ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken) => inner.ReserveRunLabelAsync(workflow, now, cancellationToken);

        public ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string executionId, CancellationToken cancellationToken) => inner.ReadAsync(executionId, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public ValueTask<IAsyncDisposable> AcquireLeaseAsync(string executionId, CancellationToken cancellationToken) => inner.AcquireLeaseAsync(executionId, cancellationToken);

        public ValueTask PostSignalAsync(string executionId, PendingSignal signal, CancellationToken cancellationToken) => inner.PostSignalAsync(executionId, signal, cancellationToken);

        public ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string executionId, CancellationToken cancellationToken) =>
            inner.ReadPendingSignalsAsync(executionId, cancellationToken);

        public ValueTask RemovePendingSignalsAsync(string executionId, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken) =>
            inner.RemovePendingSignalsAsync(executionId, signals, cancellationToken);
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IrlExec.Hosting;

/// <summary>
/// The work of a host whose store has no queue (the filesystem root): starts and resumes run on this host at once; at
/// start and then every <see cref="IrlExecOptions.PollInterval"/> (at once for an execution a client signalled) the
/// worker looks at every execution of the store and resumes, within <see cref="IrlExecOptions.MaxConcurrentExecutions"/>:
/// <list type="bullet">
/// <item>executions still IN_PROGRESS/RESUMED whose lease is gone (their process died): recovered;</item>
/// <item>executions PAUSED in a step waiting for a signal that has arrived, or for a time that has come;</item>
/// <item>executions PAUSED because a host stopped them (reason <c>cancelled</c>).</item>
/// </list>
/// A lease held by a live process (another worker, a CLI run) makes the resume refuse, and the execution is left to it;
/// once this worker holds the lease, the same rule is checked again on the history as it then stands
/// (<see cref="RunOptions.ResumeIf"/>), so a decision another process made stale meanwhile is not acted on.
/// Finished executions are read once and then left alone; which executions exist comes from
/// <see cref="ExecutionDiscovery"/> (a root's <c>state/</c> folder is listed again only when it changed).
/// </summary>
internal sealed partial class HistoryScanSource(ExecutionHost host, WorkflowRegistry registry, IOptions<IrlExecOptions> options, TimeProvider time, ILogger<HistoryScanSource> logger)
    : IWorkSource
{
    private readonly IrlExecOptions _options = options.Value;
    // Terminal: never looked at again. The executions this host ran to their end are in it from their run's end, so the
    // scan never reads their histories back.
    private readonly ConcurrentDictionary<string, byte> _finished = FinishedOnThisHost(host);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal); // problems logged once
    private readonly ExecutionDiscovery _discovery = ExecutionDiscovery.For(host.Runner.Store, TimeProvider.System);
    // The executions of the last listing not known to have finished, in the order to look at them.
    private List<string> _open = [];

    public Task<string> StartAsync(WorkflowDefinition workflow, VariableStore? variables, RunOptions? options, CancellationToken cancellationToken) =>
        host.StartAsync(workflow, variables, options, cancellationToken);

    public Task ResumeAsync(WorkflowDefinition workflow, string executionId, VariableStore? variables, CancellationToken cancellationToken)
    {
        // A host that is stopping takes no work (as a start): the caller learns it rather than losing the request.
        ObjectDisposedException.ThrowIf(!host.RequestResume(workflow, executionId, variables, why: "resumed by a client"), host);
        return Task.CompletedTask;
    }

    public void Signalled(string executionId) => host.Nudge(executionId);

    public Task<bool> IsPendingAsync(string executionId, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stoppingToken).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(_options.PollInterval);
                try
                {
                    var id = await host.Nudges.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                    await CheckAsync(id, stoppingToken).ConfigureAwait(false);
                    while (host.Nudges.Reader.TryRead(out var more)) await CheckAsync(more, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The poll interval is over.
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogScanFailed(e);
                await Task.Delay(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var listed = await _discovery.ListIfChangedAsync(cancellationToken).ConfigureAwait(false);
        _open = [.. (listed ?? _open).Where(id => !_finished.ContainsKey(id))];
        foreach (var id in _open)
        {
            if (!host.HasFreeSlot || host.IsStopping) return;
            if (_finished.ContainsKey(id) || host.IsRunning(id)) continue;
            await CheckAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    // Resumes the execution when it is due (see the class remarks).
    private async Task CheckAsync(string executionId, CancellationToken cancellationToken)
    {
        if (host.IsRunning(executionId) || host.IsStopping) return;
        ExecutionState? state;
        try
        {
            state = await host.Runner.GetStateAsync(executionId, cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutionDataException e)
        {
            if (_reported.Add(executionId)) LogDamaged(executionId, e.Message);
            return;
        }
        if (state is null) return;
        if (StatusTransitions.IsTerminal(state.Status))
        {
            _finished.TryAdd(executionId, 0);
            return;
        }
        var why = await WhyWakeAsync(state, cancellationToken).ConfigureAwait(false);
        if (why is null) return;
        if (registry.Find(state.Workflow) is not { } workflow)
        {
            if (_reported.Add(executionId)) LogUnknownWorkflow(executionId, state.Workflow);
            return;
        }
        // The same rule again under the lease: another host or process may have resumed the execution since this read (and
        // it may now wait for a person, or have finished); the resume goes on only if it still wants waking.
        host.Resume(workflow, executionId, null, why, resumeIf: async (current, token) => await WhyWakeAsync(current, token).ConfigureAwait(false) is not null);
    }

    private static ConcurrentDictionary<string, byte> FinishedOnThisHost(ExecutionHost host)
    {
        var finished = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        host.RunEnded += state =>
        {
            if (StatusTransitions.IsTerminal(state.Status)) finished.TryAdd(state.ExecutionId, 0);
        };
        return finished;
    }

    private async Task<string?> WhyWakeAsync(ExecutionState state, CancellationToken cancellationToken)
    {
        if (state.Status is ExecutionStatus.InProgress or ExecutionStatus.Resumed or ExecutionStatus.Planning) return "recovering: its process stopped while it ran";
        if (state.Status != ExecutionStatus.Paused) return null;
        if (state.StatusReason?.StartsWith("cancelled", StringComparison.Ordinal) == true) return "it was stopped by a host (" + state.StatusReason + ")";
        if (state.FindStep(state.CurrentStep) is not { Status: StepStatus.Paused }) return null; // a failure or a deliberate pause: a person resumes it
        if (state.WakeAt is { } wakeAt && wakeAt <= time.GetUtcNow()) return "its timer is due";
        if (state.WaitingForSignal is { } awaited)
        {
            if (state.FindSignal(awaited) is not null) return $"signal '{awaited}' arrived";
            var pending = await host.Runner.Store.ReadPendingSignalsAsync(state.ExecutionId, cancellationToken).ConfigureAwait(false);
            if (pending.Any(p => p.Name == awaited)) return $"signal '{awaited}' arrived";
        }
        return null;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "The worker could not look at the store's executions")]
    private partial void LogScanFailed(Exception error);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Execution {ExecutionId} cannot be read and is left alone: {Problem}")]
    private partial void LogDamaged(string executionId, string problem);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Execution {ExecutionId} is a run of workflow '{Workflow}', which this host does not register: left alone")]
    private partial void LogUnknownWorkflow(string executionId, string workflow);
}

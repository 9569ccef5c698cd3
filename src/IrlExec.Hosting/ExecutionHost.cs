using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IrlExec.Hosting;

/// <summary>
/// Runs a host's executions in the background: at most <see cref="IrlExecOptions.MaxConcurrentExecutions"/> at once, never
/// two runs of one execution (the store's lease guarantees it across processes; this host also skips what it runs), and
/// stops them when the host stops: first gracefully (each run pauses before its next step), then, when the host's
/// shutdown timeout runs out, by cancelling the running steps (each execution then ends PAUSED, reason <c>cancelled</c>).
/// </summary>
internal sealed partial class ExecutionHost : IDisposable
{
    private readonly WorkflowRunner _runner;
    private readonly IrlExecOptions _options;
    private readonly ILogger<ExecutionHost> _logger;
    private readonly Func<StepServiceScope>? _stepServices;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, Run> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Run, byte> _all = new();
    private readonly ConcurrentDictionary<string, (WorkflowDefinition Workflow, VariableStore? Variables, string Why)> _requested = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _drain = new();
    private readonly CancellationTokenSource _abort = new();
    private int _disposed;

    // scopes: every step attempt of this host's runs gets a new one (unless its run options give their own StepServices).
    // time: the clock of the new executions' ids (the runner's, when the host's services give one).
    public ExecutionHost(WorkflowRunner runner, IOptions<IrlExecOptions> options, ILogger<ExecutionHost> logger, IServiceScopeFactory? scopes = null, TimeProvider? time = null)
    {
        _runner = runner;
        _time = time ?? TimeProvider.System;
        _options = options.Value;
        _logger = logger;
        _stepServices = scopes is null ? null : StepServiceScopes.From(scopes);
        _slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentExecutions));
    }

    /// <summary>Execution ids whose state may have changed (a signal was sent): the worker looks at them at once.</summary>
    public Channel<string> Nudges { get; } = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public WorkflowRunner Runner => _runner;

    public bool IsStopping => _drain.IsCancellationRequested;

    public bool HasFreeSlot => _slots.CurrentCount > 0;

    /// <summary>How many more executions this host can run now.</summary>
    public int FreeSlots => _slots.CurrentCount;

    /// <summary>Completes when a run of this host ends next (a place is free again).</summary>
    public Task NextRunEnd => Volatile.Read(ref _runEnded).Task;

    private TaskCompletionSource _runEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsRunning(string executionId) => _running.ContainsKey(executionId);

    /// <summary>The run of the execution under way on this host, or null.</summary>
    public Run? RunOf(string executionId) => _running.TryGetValue(executionId, out var run) ? run : null;

    /// <summary>
    /// Called with the state each run of this host ended in (paused, finished, ...), as the runner returned it, before the
    /// run leaves <see cref="IsRunning"/>; not called for a run that threw (refused, lease held elsewhere, failed).
    /// </summary>
    public event Action<ExecutionState>? RunEnded;

    public void Nudge(string executionId) => Nudges.Writer.TryWrite(executionId);

    /// <summary>Starts a new execution; returns its id once it is created and on disk.</summary>
    public async Task<string> StartAsync(WorkflowDefinition workflow, VariableStore? variables, RunOptions? options, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsStopping, this);
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = new Run(CancellationTokenSource.CreateLinkedTokenSource(_abort.Token));
        // The id is chosen here and the run is this host's under it before the execution exists: the execution is listed
        // from its creation's commit on, and a worker's scan in between must find it running here, not read its history
        // and try to resume it as one another process left. (A run that ends or fails leaves _running in Launch.)
        var executionId = PathSafety.ExecutionId((options ?? _options.RunOptions).ExecutionId ?? ExecutionIds.New(_time.GetUtcNow()));
        var runOptions = Options(options, id => started.TrySetResult(id), executionId);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!_running.TryAdd(executionId, run))
        {
            _slots.Release();
            run.Cancel.Dispose();
            throw new ExecutionLeaseException(executionId);
        }
        Launch(run, async token =>
        {
            try
            {
                var result = await _runner.RunAsync(workflow, variables, runOptions, token).ConfigureAwait(false);
                Ended(run, workflow.Name, result);
            }
            catch (Exception e) when (!started.Task.IsCompleted)
            {
                started.TrySetException(e); // refused before it was created: the caller gets the error
            }
        });
        return await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resumes an execution in the background unless this host runs it already or is stopping; false when it did not.
    /// With <paramref name="resumeIf"/>, the resume goes on only when it still holds for the execution as its history
    /// stands under the lease (<see cref="RunOptions.ResumeIf"/>).
    /// </summary>
    public bool Resume(WorkflowDefinition workflow, string executionId, VariableStore? variables, string why, Func<ExecutionState, CancellationToken, ValueTask<bool>>? resumeIf = null)
    {
        if (IsStopping) return false;
        var run = new Run(CancellationTokenSource.CreateLinkedTokenSource(_abort.Token));
        if (!_running.TryAdd(executionId, run))
        {
            run.Cancel.Dispose();
            return false;
        }
        Launch(run, async token =>
        {
            try
            {
                await _slots.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                LogStoppedBeforeBegin(executionId);
                return;
            }
            try
            {
                LogResuming(workflow.Name, executionId, why);
                var result = await _runner.ResumeAsync(workflow, executionId, variables, Options(null, null, resumeIf: resumeIf), token).ConfigureAwait(false);
                if (result.Declined) LogDeclined(executionId, result.Status, result.Reason);
                else Ended(run, workflow.Name, result);
            }
            catch (ExecutionLeaseException)
            {
                LogHeldElsewhere(executionId); // another process runs it: its lease is alive
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                LogStoppedBeforeBegin(executionId); // nothing recorded: the next worker resumes it
            }
            finally
            {
                _slots.Release();
            }
        }, slotTaken: false, executionId);
        return true;
    }

    /// <summary>
    /// Resumes an execution for a client: at once, or, when this host runs it now, once that run has ended (a run under way
    /// may be about to pause; the request, with its variables, is not dropped). Returns false only when the host is
    /// stopping. A later request for the same execution replaces a waiting one's reason and adds its variables.
    /// </summary>
    public bool RequestResume(WorkflowDefinition workflow, string executionId, VariableStore? variables, string why)
    {
        if (IsStopping) return false;
        while (!Resume(workflow, executionId, variables, why))
        {
            if (IsStopping) return false;
            _requested.AddOrUpdate(executionId, (workflow, variables, why), (_, waiting) => (workflow, Merge(waiting.Variables, variables), why));
            // The run may have ended before the request was set down, and looked for one already: then take it back and
            // try again (whoever removes the request launches it, so it runs once).
            if (IsRunning(executionId) || !_requested.TryRemove(executionId, out var taken)) return true;
            (workflow, variables, why) = taken;
        }
        return true;
    }

    private static VariableStore? Merge(VariableStore? first, VariableStore? then)
    {
        if (first is null) return then;
        if (then is null) return first;
        var merged = new VariableStore();
        foreach (var name in first.Names) CopyVariable(first, merged, name);
        foreach (var name in then.Names) CopyVariable(then, merged, name);
        return merged;
    }

    private static void CopyVariable(VariableStore from, VariableStore to, string name) => to.SetJson(name, from.GetJson(name), from.IsSecret(name));

    /// <summary>
    /// Runs work a source claimed (from a queue, with its lease), in a place taken now: <paramref name="run"/> starts or
    /// resumes it with the options given (the host's run options, its stop signal, and <paramref name="actor"/> if set),
    /// then <paramref name="ended"/> gets the outcome (the result, or the exception). False, and nothing run, when no
    /// place is free, this host runs the execution already, or it is stopping.
    /// </summary>
    public bool TryRun(string workflow, string executionId, string why, string? actor,
        Func<RunOptions, CancellationToken, Task<ExecutionResult?>> run, Func<ExecutionResult?, Exception?, Task> ended)
    {
        if (IsStopping || !_slots.Wait(0)) return false;
        var entry = new Run(CancellationTokenSource.CreateLinkedTokenSource(_abort.Token));
        if (!_running.TryAdd(executionId, entry))
        {
            _slots.Release();
            entry.Cancel.Dispose();
            return false;
        }
        Launch(entry, async token =>
        {
            ExecutionResult? result = null;
            Exception? error = null;
            try
            {
                LogResuming(workflow, executionId, why);
                result = await run(Options(null, null, executionId, actor), token).ConfigureAwait(false);
                if (result is not null) Ended(entry, workflow, result);
            }
            catch (ExecutionLeaseException e)
            {
                error = e;
                LogHeldElsewhere(executionId);
            }
            catch (ExecutionLeaseLostException e)
            {
                error = e;
                LogLeaseLost(executionId, e.Message);
            }
            catch (OperationCanceledException e) when (token.IsCancellationRequested)
            {
                // Stopped before the run's first commit (a run stopped later pauses and returns): nothing was recorded.
                error = e;
                LogStoppedBeforeBegin(executionId);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                error = e;
                LogRunFailed(executionId, e);
            }
            await ended(result, error).ConfigureAwait(false);
        }, slotTaken: true, executionId);
        return true;
    }

    /// <summary>Cancels this host's run of the execution, if any, and waits until it has recorded its pause.</summary>
    public async Task CancelRunAsync(string executionId)
    {
        if (!_running.TryGetValue(executionId, out var run)) return;
        await run.Cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await run.Completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Logged by the run itself.
        }
    }

    /// <summary>Stops taking work; every run pauses before its next step.</summary>
    /// <remarks>
    /// A no-op once the host is disposed: a host can be stopped again after its disposal (WebApplicationFactory stops
    /// the app's host after the app's own Run has stopped and disposed it).
    /// </remarks>
    public void BeginDrain()
    {
        if (Volatile.Read(ref _disposed) == 0) _drain.Cancel();
    }

    /// <summary>
    /// Waits for the runs to pause or end; once <paramref name="shutdownTimeout"/> is cancelled (the host's shutdown
    /// timeout), cancels their running steps and waits for them to record it.
    /// </summary>
    public async Task DrainAsync(CancellationToken shutdownTimeout)
    {
        if (Volatile.Read(ref _disposed) != 0) return; // stopped and disposed already: nothing runs
        BeginDrain();
        var all = Task.WhenAll(_all.Keys.Select(r => r.Completion));
        try
        {
            await all.WaitAsync(shutdownTimeout).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (shutdownTimeout.IsCancellationRequested)
        {
            LogCancellingSteps(_all.Count);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return; // a run failed: logged by the run
        }
        await _abort.CancelAsync().ConfigureAwait(false);
        try
        {
            // A cancelled step records its pause at once; one that ignores its token is given a little longer.
            await all.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStepsStillRunning(_all.Count(r => !r.Key.Completion.IsCompleted));
        }
    }

    private RunOptions Options(RunOptions? given, Action<string>? onStarted, string? executionId = null, string? actor = null,
        Func<ExecutionState, CancellationToken, ValueTask<bool>>? resumeIf = null)
    {
        var baseline = given ?? _options.RunOptions;
        return new RunOptions
        {
            Actor = actor ?? (given is null ? _options.Actor : given.Actor),
            OnStepFailure = baseline.OnStepFailure,
            RetryDelay = baseline.RetryDelay,
            MaxAttempts = baseline.MaxAttempts,
            MaxRecoveryAttempts = baseline.MaxRecoveryAttempts,
            ExecutionId = executionId ?? given?.ExecutionId,
            Migration = baseline.Migration,
            WaitForViews = baseline.WaitForViews,
            StepServices = baseline.StepServices ?? _stepServices,
            MinimumLogLevel = baseline.MinimumLogLevel,
            StopRequested = _drain.Token,
            ResumeIf = resumeIf,
            OnStarted = id =>
            {
                onStarted?.Invoke(id);
                baseline.OnStarted?.Invoke(id);
            },
        };
    }

    private void Ended(Run run, string workflow, ExecutionResult result)
    {
        run.EndedIn(result.State);
        LogRunEnded(workflow, result);
        RunEnded?.Invoke(result.State);
    }

    private void Launch(Run run, Func<CancellationToken, Task> body, bool slotTaken = true, string? executionId = null)
    {
        _all[run] = 0;
        // Completion is set before the run begins: a client that finds the run (it is listed once the execution exists,
        // from inside the run) always waits for its end.
        var launch = new Task<Task>(async () =>
        {
            try
            {
                await body(run.Cancel.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogRunFailed(executionId ?? "(new)", e);
            }
            finally
            {
                if (slotTaken) _slots.Release();
                foreach (var pair in _running)
                {
                    if (!ReferenceEquals(pair.Value, run) || !_running.TryRemove(pair)) continue;
                    // A client asked to resume it while it ran: now.
                    if (_requested.TryRemove(pair.Key, out var requested)) RequestResume(requested.Workflow, pair.Key, requested.Variables, requested.Why);
                }
                _all.TryRemove(run, out _);
                run.Cancel.Dispose();
                Interlocked.Exchange(ref _runEnded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        });
        run.Completion = launch.Unwrap();
        launch.Start(TaskScheduler.Default);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _drain.Dispose();
        _abort.Dispose();
        _slots.Dispose();
    }

    /// <summary>One run of an execution on this host.</summary>
    internal sealed class Run(CancellationTokenSource cancel)
    {
        private ExecutionState? _endState;

        public CancellationTokenSource Cancel { get; } = cancel;

        /// <summary>Completes when the run has ended and left the host.</summary>
        public Task Completion { get; set; } = Task.CompletedTask;

        public void EndedIn(ExecutionState state) => Volatile.Write(ref _endState, state);

        /// <summary>
        /// The state the run ended in (the runner's, made of the records it committed: its history as the run left it),
        /// to the first caller only, so that no two callers share one mutable state; null after that, or when the run
        /// ended without one (it threw).
        /// </summary>
        public ExecutionState? TakeEndState() => Interlocked.Exchange(ref _endState, null);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Resuming execution {ExecutionId} of {Workflow}: {Why}")]
    private partial void LogResuming(string workflow, string executionId, string why);

    private void LogRunEnded(string workflow, ExecutionResult result)
    {
        if (!_logger.IsEnabled(LogLevel.Information)) return;
        var status = StatusTransitions.ToWireName(result.Status);
        LogRunEnded(workflow, result.ExecutionId, status, result.Reason ?? "");
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Execution {ExecutionId} of {Workflow} stopped running: {Status} {Reason}")]
    private partial void LogRunEnded(string workflow, string executionId, string status, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Execution {ExecutionId} is run by another process (its lease is held); left to it")]
    private partial void LogHeldElsewhere(string executionId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Execution {ExecutionId} went on elsewhere: this worker lost its lease while running it, and its late records were refused ({Detail})")]
    private partial void LogLeaseLost(string executionId, string detail);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Execution {ExecutionId} no longer needed the resume once this worker held it ({Status} {Reason}): another process acted on it since; left alone")]
    private partial void LogDeclined(string executionId, ExecutionStatus status, string? reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Execution {ExecutionId} was stopped before its run began; nothing was recorded, and it is run again later")]
    private partial void LogStoppedBeforeBegin(string executionId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "A run of execution {ExecutionId} failed")]
    private partial void LogRunFailed(string executionId, Exception error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "The shutdown timeout is over: cancelling the steps of {Count} running execution(s); each ends PAUSED (cancelled) and is resumed by the next worker")]
    private partial void LogCancellingSteps(int count);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Count} step(s) still running after their cancellation; their executions are recovered by the next worker")]
    private partial void LogStepsStillRunning(int count);
}

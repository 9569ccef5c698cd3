using System.Diagnostics;
using IrlExec.PostgreSql;
using Microsoft.Extensions.Logging;

namespace IrlExec.Hosting.PostgreSql;

/// <summary>
/// The work of a host whose executions are in PostgreSQL: the queue a fleet of workers shares. At every turn the worker
/// queues what is due and nobody holds (executions whose worker's lease ran out, paused executions whose timer is due or
/// whose signal arrived, executions a stopping host paused), then claims up to its free places (its
/// <see cref="IrlExecOptions.MaxConcurrentExecutions"/>; each workflow's fleet-wide limit is the queue's) and runs them on
/// the <see cref="ExecutionHost"/>. Between turns it sleeps on the queue's notifications, a run ending, the next timer,
/// or <see cref="IrlExecOptions.PollInterval"/>, whichever comes first. A client's starts and resumes are queued, so that
/// whichever worker has room takes them; a posted signal queues the execution waiting for it (in the same statement).
/// </summary>
internal sealed partial class PostgreSqlQueueSource(
    ExecutionHost host, WorkflowRegistry registry, PostgreSqlExecutionStore store, PostgreSqlWorkQueue queue,
    IrlExecOptions options, PostgreSqlWorkerOptions workerOptions, TimeProvider time, ILogger<PostgreSqlQueueSource> logger) : IWorkSource
{
    public async Task<string> StartAsync(WorkflowDefinition workflow, VariableStore? variables, RunOptions? options, CancellationToken cancellationToken)
    {
        var executionId = options?.ExecutionId ?? ExecutionIds.New(time.GetUtcNow());
        await queue.EnqueueStartAsync(workflow.Name, executionId, variables, options?.Actor, cancellationToken).ConfigureAwait(false);
        return executionId;
    }

    public Task ResumeAsync(WorkflowDefinition workflow, string executionId, VariableStore? variables, CancellationToken cancellationToken) =>
        queue.EnqueueResumeAsync(executionId, workflow.Name, "resume", variables, cancellationToken);

    // Posting the signal queued the execution if it waits for it (Sql.PostSignal): nothing more to do.
    public void Signalled(string executionId)
    {
    }

    public Task<bool> IsPendingAsync(string executionId, CancellationToken cancellationToken) => queue.IsQueuedAsync(executionId, cancellationToken);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var known = registry.All.Select(w => w.Name).ToArray();
        Task<bool>? wait = null; // one wait on the listener at a time: its connection serves one operation
        QueueListener? listener = null;
        long? listenerLostAt = null; // Stopwatch timestamp of the last listener connection that broke
        try
        {
            while (!stoppingToken.IsCancellationRequested && !host.IsStopping)
            {
                try
                {
                    if (listener is null)
                    {
                        foreach (var (workflow, limit) in workerOptions.WorkflowLimits) await queue.SetWorkflowLimitAsync(workflow, limit, stoppingToken).ConfigureAwait(false);
                        listener = await queue.ListenAsync(stoppingToken).ConfigureAwait(false);
                    }
                    var runEnd = host.NextRunEnd; // taken first: a run ending from here on wakes the wait below
                    var due = await queue.EnqueueDueAsync(stoppingToken).ConfigureAwait(false);
                    var free = host.FreeSlots;
                    var claimed = free > 0 ? await queue.ClaimAsync(free, known, stoppingToken).ConfigureAwait(false) : [];
                    foreach (var item in claimed) await RunAsync(item).ConfigureAwait(false);
                    if (claimed.Count > 0 && claimed.Count == free && host.FreeSlots > 0) continue;
                    // Idle or full: wake on a notification, a run ending, the next timer, or the poll interval.
                    wait ??= listener.WaitAsync(options.PollInterval, stoppingToken);
                    using (var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                    {
                        var timer = due.NextDueIn is { } next && next < options.PollInterval
                            ? Task.Delay(next + TimeSpan.FromMilliseconds(10), sleep.Token)
                            : Task.Delay(Timeout.Infinite, sleep.Token);
                        await Task.WhenAny(wait, runEnd, timer).WaitAsync(stoppingToken).ConfigureAwait(false);
                        await sleep.CancelAsync().ConfigureAwait(false);
                    }
                    if (wait.IsCompleted)
                    {
                        var finished = wait;
                        wait = null;
                        try
                        {
                            await finished.ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is not OutOfMemoryException && !stoppingToken.IsCancellationRequested)
                        {
                            // The listening connection broke (a server restart, a terminated backend): a new one listens at
                            // once, and the next turn looks at the queue for what was announced meanwhile. Once per poll
                            // interval at most: a connection that breaks again soon is retried after the interval (below).
                            if (listenerLostAt is { } lost && Stopwatch.GetElapsedTime(lost) < options.PollInterval) throw;
                            listenerLostAt = Stopwatch.GetTimestamp();
                            LogListenerLost(e);
                            await listener.DisposeAsync().ConfigureAwait(false);
                            listener = null;
                        }
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogQueueFailed(e);
                    wait = null;
                    if (listener is not null) await listener.DisposeAsync().ConfigureAwait(false);
                    listener = null;
                    await Task.Delay(options.PollInterval, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            if (wait is not null)
            {
                try
                {
                    await wait.ConfigureAwait(false); // cancelled by stoppingToken: the listener's connection is then free to close
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Expected (cancelled), or the connection broke: it is closed next either way.
                }
            }
            if (listener is not null) await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Runs a claimed execution on the host; when the host cannot take it (stopping), gives the claim back.
    private async Task RunAsync(ClaimedExecution item)
    {
        if (host.TryRun(item.Workflow, item.ExecutionId, WhyOf(item), item.Actor, (runOptions, token) => RunClaimedAsync(item, runOptions, token), (result, error) => EndedAsync(item, result, error)))
        {
            return;
        }
        await queue.CompleteAsync(item, CancellationToken.None).ConfigureAwait(false);
        if (!item.IsStart) await queue.EnqueueResumeAsync(item.ExecutionId, item.Workflow, item.Reason, item.Variables(), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<ExecutionResult?> RunClaimedAsync(ClaimedExecution item, RunOptions runOptions, CancellationToken cancellationToken)
    {
        var definition = registry.Get(item.Workflow);
        var runner = host.Runner;
        try
        {
            // A claimed start's execution did not exist when it was claimed (a start whose execution exists is queued
            // as a recovery instead), so it is started without reading first; if another worker started it meanwhile
            // (this one stalled past its claim's lease), the start finds it and gives up below.
            if (item.IsStart) return await runner.RunAsync(definition, item.Variables(), runOptions, cancellationToken).ConfigureAwait(false);
            // The claim checked, under the lease this run holds, that the execution still needs what the row asked for (a
            // late recovery, wake-up or request was dropped there): resumed without reading it first.
            return await runner.ResumeAsync(definition, item.ExecutionId, item.Variables(), runOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowException e) when (e is not ExecutionLeaseLostException && item.IsStart)
        {
            if (await store.HoldsInDatabaseAsync(item.ExecutionId, item.Epoch).ConfigureAwait(false)) throw;
            // This worker stalled between its claim and the start (e.g. paused past its lease): another worker took the
            // start over and created the execution, which this one then found. Its claim was lost; nothing was written.
            throw new ExecutionLeaseLostException(item.ExecutionId, $"this worker's claim (lease epoch {item.Epoch}) ran out before it started the execution, and another worker started it ({e.Message})");
        }
    }

    private async Task EndedAsync(ClaimedExecution item, ExecutionResult? result, Exception? error)
    {
        try
        {
            await queue.CompleteAsync(item, CancellationToken.None).ConfigureAwait(false);
            // Paused by this host's stop: queued at once for the other workers (announced; they need not wait for a poll).
            if (host.IsStopping && result?.Status == ExecutionStatus.Paused)
            {
                await queue.EnqueueResumeAsync(item.ExecutionId, item.Workflow, "drained", null, CancellationToken.None).ConfigureAwait(false);
            }
            // Its lease was taken by another (e.g. a signal's sender recording the signal) before the run got it, or this
            // host was stopped before the run began (nothing recorded): the request is queued again, to be claimed when
            // that holder lets go (its release is announced), or by another worker. (A start's row stays queued until the
            // execution exists.)
            if (error is ExecutionLeaseException or OperationCanceledException && !item.IsStart)
            {
                await queue.EnqueueResumeAsync(item.ExecutionId, item.Workflow, item.Reason, item.Variables(), CancellationToken.None).ConfigureAwait(false);
            }
            if (error is null or ExecutionLeaseLostException or ExecutionLeaseException or OperationCanceledException) return;
            // It failed before it could run (a missing secret, a damaged history): not again before a while. What was due
            // is put off; what waits (for a person, a signal not posted, a timer not due) keeps waiting, and a request (a
            // person's resume) is queued again, put off as well.
            await queue.DeferAsync(item.ExecutionId, workerOptions.RetryFailedRunAfter, CancellationToken.None).ConfigureAwait(false);
            if (item.IsRequest) await queue.EnqueueRequestAgainAsync(item, workerOptions.RetryFailedRunAfter, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogQueueFailed(e); // the claim's lease runs out; the execution is queued again by the next turn of any worker
        }
    }

    private static string WhyOf(ClaimedExecution item) => item.Reason switch
    {
        "start" => "started from the queue",
        "recover" => "recovering: its worker's lease ran out while it ran",
        "wake" => "its timer is due, its signal arrived, or its host stopped it",
        "signal" => "the signal it waits for was posted",
        "drained" => "its worker stopped while it ran",
        _ => item.Reason,
    };

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "The worker's listening connection to PostgreSQL broke; it listens again on a new one and looks at the queue")]
    private partial void LogListenerLost(Exception error);

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "The worker could not take work from the PostgreSQL queue; it tries again after its poll interval")]
    private partial void LogQueueFailed(Exception error);
}

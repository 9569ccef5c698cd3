using System.Text.Json;

namespace IrlExec.PostgreSql;

/// <summary>
/// A worker of a fleet: claims queued executions of the workflows it knows (up to
/// <see cref="PostgreSqlWorkerOptions.MaxConcurrentExecutions"/> at once) and runs them with a
/// <see cref="WorkflowRunner"/> on the store; at every poll it queues the executions whose worker's lease ran out, so a
/// dead or hung worker's executions are taken over by the others with nothing but the database in common. It sleeps on
/// the queue's notifications between polls. Stopping it cancels the running steps: their executions pause (cancelled)
/// and are queued again for another worker.
/// </summary>
public sealed class PostgreSqlWorker
{
    private readonly PostgreSqlExecutionStore _store;
    private readonly PostgreSqlWorkQueue _queue;
    private readonly Dictionary<string, WorkflowDefinition> _workflows;
    private readonly PostgreSqlWorkerOptions _options;
    private int _refused;

    /// <summary>A worker running <paramref name="workflows"/> from <paramref name="store"/>'s queue.</summary>
    public PostgreSqlWorker(PostgreSqlExecutionStore store, IEnumerable<WorkflowDefinition> workflows, PostgreSqlWorkerOptions? options = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentNullException.ThrowIfNull(workflows);
        _workflows = workflows.ToDictionary(w => w.Name, StringComparer.Ordinal);
        _options = options ?? new PostgreSqlWorkerOptions();
        if (_options.MaxConcurrentExecutions <= 0) throw new ArgumentException("MaxConcurrentExecutions must be at least 1.", nameof(options));
        _queue = new PostgreSqlWorkQueue(store);
    }

    /// <summary>The queue it takes work from.</summary>
    public PostgreSqlWorkQueue Queue => _queue;

    /// <summary>How many of its runs lost their lease and had a commit refused (the execution went on elsewhere).</summary>
    public int RefusedCommits => Volatile.Read(ref _refused);

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled, then waits for the running executions to stop.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var running = new Dictionary<Task, ClaimedExecution>();
        await using var listener = await _queue.ListenAsync(stoppingToken).ConfigureAwait(false);
        var known = _workflows.Keys.ToArray();
        Task<bool>? wait = null; // one wait on the listener at a time: its connection serves one operation
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _queue.EnqueueInterruptedAsync(stoppingToken).ConfigureAwait(false);
                var free = _options.MaxConcurrentExecutions - running.Count;
                var claimed = free > 0 ? await _queue.ClaimAsync(free, known, stoppingToken).ConfigureAwait(false) : [];
                foreach (var item in claimed) running.Add(Task.Run(() => RunOneAsync(item, stoppingToken), CancellationToken.None), item);
                if (claimed.Count > 0 && claimed.Count == free) continue;
                // Idle or full: wake on a notification, a run ending, or the poll interval.
                wait ??= listener.WaitAsync(_options.PollInterval, stoppingToken);
                Task any = running.Count == 0 ? wait : Task.WhenAny(running.Keys.Append<Task>(wait));
                try
                {
                    await any.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                foreach (var done in running.Keys.Where(t => t.IsCompleted).ToList()) running.Remove(done);
                if (wait.IsCompleted) wait = null;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        await Task.WhenAll(running.Keys).ConfigureAwait(false);
        if (wait is not null)
        {
            try
            {
                await wait.ConfigureAwait(false); // cancelled by stoppingToken: the listener's connection is then free to close
            }
            catch (OperationCanceledException)
            {
                // Expected.
            }
        }
    }

    private async Task RunOneAsync(ClaimedExecution item, CancellationToken stoppingToken)
    {
        ExecutionResult? result = null;
        Exception? error = null;
        try
        {
            var definition = _workflows[item.Workflow];
            var runner = new WorkflowRunner(_store, _options.Observers?.Invoke());
            var current = await runner.GetStateAsync(item.ExecutionId, CancellationToken.None).ConfigureAwait(false);
            // Finished meanwhile (by another worker, while this one was paused; or a request that arrived as it ended).
            if (current is not null && StatusTransitions.IsTerminal(current.Status))
            {
                await _queue.CompleteAsync(item, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            // A start whose execution exists already (its first worker died or stalled after creating it) is resumed.
            if (item.IsStart && current is null)
            {
                var options = new RunOptions
                {
                    ExecutionId = item.ExecutionId,
                    Actor = item.Actor ?? _options.RunOptions.Actor,
                    OnStepFailure = _options.RunOptions.OnStepFailure,
                    RetryDelay = _options.RunOptions.RetryDelay,
                    MaxAttempts = _options.RunOptions.MaxAttempts,
                };
                result = await runner.RunAsync(definition, StartVariables(item), options, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                result = await runner.ResumeAsync(definition, item.ExecutionId, null, _options.RunOptions, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (ExecutionLeaseLostException e)
        {
            Interlocked.Increment(ref _refused);
            error = e;
        }
        catch (Exception e)
        {
            error = e;
        }
        if (error is WorkflowException and not ExecutionLeaseLostException && item.IsStart && !await _store.HoldsInDatabaseAsync(item.ExecutionId, item.Epoch).ConfigureAwait(false))
        {
            // This worker stalled between its claim and the start (e.g. paused past its lease): another worker took the
            // start over and created the execution, which this one then found. Its claim was lost, nothing was written.
            error = new ExecutionLeaseLostException(item.ExecutionId, $"this worker's claim (lease epoch {item.Epoch}) ran out before it started the execution, and another worker started it ({error.Message})");
        }
        try
        {
            await _queue.CompleteAsync(item, CancellationToken.None).ConfigureAwait(false);
            // Stopped while running: the execution paused (cancelled); another worker takes it.
            if (stoppingToken.IsCancellationRequested && result?.Status == ExecutionStatus.Paused)
            {
                await _queue.EnqueueResumeAsync(item.ExecutionId, item.Workflow, "drained", CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (error is null)
        {
            error = e;
        }
        _options.RunEnded?.Invoke(item, result, error);
    }

    private static VariableStore? StartVariables(ClaimedExecution item)
    {
        if (item.StartVariablesJson is null) return null;
        var variables = new VariableStore();
        using var document = JsonDocument.Parse(item.StartVariablesJson);
        foreach (var property in document.RootElement.EnumerateObject()) variables.SetJson(property.Name, property.Value.GetRawText());
        return variables;
    }
}

namespace IrlExec.PostgreSql;

/// <summary>How a <see cref="PostgreSqlWorker"/> takes work.</summary>
public sealed class PostgreSqlWorkerOptions
{
    /// <summary>At most this many executions run at once in this worker. Default 16.</summary>
    public int MaxConcurrentExecutions { get; init; } = 16;

    /// <summary>
    /// How long an idle worker waits for a notification before it looks at the queue again, and queues the executions
    /// whose worker's lease ran out. Default 2 seconds.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The observers each run gets (e.g. file views under a local root); none by default.</summary>
    public Func<IReadOnlyList<IExecutionObserver>>? Observers { get; init; }

    /// <summary>Options for each run or resume (the execution id and actor of a queued start are set from the queue).</summary>
    public RunOptions RunOptions { get; init; } = RunOptions.Default;

    /// <summary>Called when a run ends, with its outcome (null result and the exception when it threw).</summary>
    public Action<ClaimedExecution, ExecutionResult?, Exception?>? RunEnded { get; init; }
}

namespace IrlExec.Hosting.PostgreSql;

/// <summary>
/// How the hosted worker of a PostgreSQL host takes work from the queue a fleet shares (see docs/postgresql.md). Its own
/// limit is <see cref="IrlExecOptions.MaxConcurrentExecutions"/>; these are the queue's.
/// </summary>
public sealed class PostgreSqlWorkerOptions
{
    /// <summary>
    /// Fleet-wide limits: at most this many executions of a workflow (the key) run at once across all workers. The worker
    /// writes them to the database when it starts (table <c>workflow_limits</c>; a later start with other values wins);
    /// empty (the default): the limits already in the database hold.
    /// </summary>
    public IDictionary<string, int> WorkflowLimits { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// How long a claimed execution whose run failed before it could run (a missing secret, a damaged history) is left
    /// before a worker tries it again. Default 30 seconds.
    /// </summary>
    public TimeSpan RetryFailedRunAfter { get; set; } = TimeSpan.FromSeconds(30);
}

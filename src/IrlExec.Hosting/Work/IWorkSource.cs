namespace IrlExec.Hosting;

/// <summary>
/// Where the hosted worker's work comes from and where a client's requests to run go; the store chooses it. With the
/// filesystem root (or any store without a queue) the worker scans the histories (<see cref="HistoryScanSource"/>); with
/// PostgreSQL, <c>UsePostgreSql</c> (package IrlExec.Hosting.PostgreSql) puts the fleet's queue in its place. Either way
/// the runs happen on the one <see cref="ExecutionHost"/>, within its limit, and stop with it.
/// </summary>
internal interface IWorkSource
{
    /// <summary>Finds work and runs it on the host until <paramref name="stoppingToken"/> is cancelled (the host is stopping).</summary>
    Task RunAsync(CancellationToken stoppingToken);

    /// <summary>Starts a new execution, or has it started; returns its id once that is durable.</summary>
    Task<string> StartAsync(WorkflowDefinition workflow, VariableStore? variables, RunOptions? options, CancellationToken cancellationToken);

    /// <summary>Resumes an existing execution (known to exist), with <paramref name="variables"/> set first, or has it resumed.</summary>
    Task ResumeAsync(WorkflowDefinition workflow, string executionId, VariableStore? variables, CancellationToken cancellationToken);

    /// <summary>A client delivered a signal to the execution (the store keeps it already).</summary>
    void Signalled(string executionId);

    /// <summary>Whether an execution not in the store yet is waiting to be started (so that a client waits for it).</summary>
    Task<bool> IsPendingAsync(string executionId, CancellationToken cancellationToken);
}

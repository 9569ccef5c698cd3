namespace IrlExec.Hosting;

/// <summary>How <c>AddIrlExec</c> runs executions: where they are kept, and what the hosted worker does.</summary>
public sealed class IrlExecOptions
{
    /// <summary>
    /// The filesystem root (the seed's layout: <c>execution/</c>, <c>workspace/</c>) when no other store is chosen with
    /// <see cref="IrlExecBuilder.UseStore"/>. Default: <c>irlexec</c> under the application's base folder.
    /// </summary>
    public string Root { get; set; } = Path.Combine(AppContext.BaseDirectory, "irlexec");

    /// <summary>Whether the hosted worker runs (recovers, wakes and runs started executions). Default: true.</summary>
    public bool EnableWorker { get; set; } = true;

    /// <summary>How many executions the worker runs at once (started, recovered and woken together). Default: 4.</summary>
    public int MaxConcurrentExecutions { get; set; } = 4;

    /// <summary>How often the worker looks for executions to recover or wake when nothing nudges it. Default: 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Who the worker's runs are recorded as (the manifest's Agent/User column). Default: <c>worker:&lt;machine&gt;</c>.</summary>
    public string Actor { get; set; } = "worker:" + Environment.MachineName;

    /// <summary>
    /// The run options of the worker's runs (failure policy, retries, ...; its <see cref="IrlExec.RunOptions.OnStarted"/> is
    /// called for every run, started, recovered or woken, before its first step); <see cref="Actor"/> and the worker's own
    /// stop signal are set on top.
    /// </summary>
    public RunOptions RunOptions { get; set; } = RunOptions.Default;
}

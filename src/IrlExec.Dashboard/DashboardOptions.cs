using System.Reflection;

namespace IrlExec.Dashboard;

/// <summary>
/// What the dashboard shows and allows. Read-only by default: no page changes an execution unless the host enables
/// <see cref="EnableActions"/> and names the authorization policy that guards them (<see cref="ActionsPolicy"/>).
/// </summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// Where the execution histories are. When null, a <see cref="FileSystemExecutionStore"/> over <see cref="Root"/>.
    /// Every page is derived from the histories of this store, so any store works (files, a database).
    /// </summary>
    public IExecutionStore? Store { get; set; }

    /// <summary>The folder that contains <c>execution/</c>, used when <see cref="Store"/> is null.</summary>
    public string? Root { get; set; }

    /// <summary>
    /// The workflows whose plans the workflow pages show and that a SIMULATION can be run of. Executions of workflows not
    /// listed here are shown all the same (from their histories).
    /// </summary>
    public IList<WorkflowDefinition> Workflows { get; } = [];

    /// <summary>
    /// Whether the pages offer a SIMULATION run of a listed workflow (default: true). A simulation from the dashboard runs
    /// against a store of its own in memory: it writes nothing to <see cref="Store"/> and runs only the steps'
    /// <see cref="ISimulatedStep.SimulateAsync"/> (steps without one use their declared estimates).
    /// </summary>
    public bool EnableSimulation { get; set; } = true;

    /// <summary>
    /// Whether the actions (deliver a signal or approve, resume, cancel) are offered. False by default: the dashboard is
    /// read-only. When true, <see cref="ActionsPolicy"/> must name an ASP.NET Core authorization policy; every action
    /// request must satisfy it and carry an antiforgery token.
    /// </summary>
    public bool EnableActions { get; set; }

    /// <summary>The authorization policy (registered with <c>AddAuthorization</c>) an action request must satisfy.</summary>
    public string? ActionsPolicy { get; set; }

    /// <summary>Executions per page of the list (default 50, at most 500).</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>How many log lines an execution page shows, newest last (default 200).</summary>
    public int LogTailLines { get; set; } = 200;

    /// <summary>
    /// How often the store is looked at for new records when nothing else says (default 250 ms). A filesystem root is also
    /// watched, so its commits show at once; pages update within a second of a commit either way.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The name in the pages' header and title (default <c>IrlExec</c>).</summary>
    public string Title { get; set; } = "IrlExec";

    /// <summary>Adds the workflows <paramref name="assembly"/> declares (its generated <see cref="WorkflowCatalog"/>).</summary>
    /// <returns>These options.</returns>
    public DashboardOptions AddWorkflows(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var workflow in WorkflowCatalog.FromAssembly(assembly)) Workflows.Add(workflow);
        return this;
    }

    // Checked once, when the dashboard is mapped: a bad configuration fails at start-up, not on the first request.
    internal void Validate()
    {
        if (Store is null && string.IsNullOrWhiteSpace(Root))
        {
            throw new InvalidOperationException("IrlExec dashboard: set DashboardOptions.Store or DashboardOptions.Root (the folder that contains execution/).");
        }
        if (EnableActions && string.IsNullOrWhiteSpace(ActionsPolicy))
        {
            throw new InvalidOperationException("IrlExec dashboard: EnableActions needs ActionsPolicy, the name of an authorization policy that guards the actions.");
        }
        if (PageSize is < 1 or > 500) throw new InvalidOperationException($"IrlExec dashboard: PageSize must be between 1 and 500 (was {PageSize}).");
        if (LogTailLines < 0) throw new InvalidOperationException($"IrlExec dashboard: LogTailLines cannot be negative (was {LogTailLines}).");
        if (PollInterval <= TimeSpan.Zero) throw new InvalidOperationException("IrlExec dashboard: PollInterval must be positive.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workflow in Workflows)
        {
            if (!names.Add(workflow.Name)) throw new InvalidOperationException($"IrlExec dashboard: workflow '{workflow.Name}' is listed twice.");
        }
    }
}

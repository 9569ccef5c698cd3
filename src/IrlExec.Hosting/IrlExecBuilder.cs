using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace IrlExec.Hosting;

/// <summary>
/// What <see cref="IrlExecServiceCollectionExtensions.AddIrlExec"/> returns: register the workflows the host runs
/// (<see cref="AddWorkflows"/>, through the generated catalog of an assembly) and choose where executions are kept (the
/// filesystem root of <see cref="IrlExecOptions.Root"/> by default, or any <see cref="IExecutionStore"/>).
/// </summary>
public sealed class IrlExecBuilder
{
    internal IrlExecBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    internal List<WorkflowDefinition> Workflows { get; } = [];

    internal StoreChoice? Store { get; private set; }

    /// <summary>
    /// Registers every workflow <paramref name="assembly"/> declares, from the catalog the IrlExec generator emitted into it
    /// (<see cref="WorkflowCatalog.FromAssembly"/>: no type scanning, trim- and AOT-safe).
    /// </summary>
    /// <exception cref="ArgumentException">The assembly declares no workflow (it was built without the IrlExec generator).</exception>
    public IrlExecBuilder AddWorkflows(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var found = WorkflowCatalog.FromAssembly(assembly);
        if (found.Count == 0)
        {
            throw new ArgumentException($"Assembly '{assembly.GetName().Name}' declares no workflow: it has no [Workflow] class, or it was built without the IrlExec generator.", nameof(assembly));
        }
        foreach (var workflow in found) AddWorkflow(workflow);
        return this;
    }

    /// <summary>Registers one workflow (e.g. a generated class's <c>Definition</c>, or a hand-written one).</summary>
    /// <exception cref="ArgumentException">Another workflow of that name is registered.</exception>
    public IrlExecBuilder AddWorkflow(WorkflowDefinition workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (Workflows.Any(w => w.Name == workflow.Name && !ReferenceEquals(w, workflow)))
        {
            throw new ArgumentException($"A workflow named '{workflow.Name}' is registered already.", nameof(workflow));
        }
        if (!Workflows.Contains(workflow)) Workflows.Add(workflow);
        return this;
    }

    /// <summary>Keeps executions under <paramref name="root"/> in the seed's layout, with every view (the default, at <see cref="IrlExecOptions.Root"/>).</summary>
    public IrlExecBuilder UseFileSystem(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Store = new StoreChoice(null, root, null);
        return this;
    }

    /// <summary>
    /// Keeps executions in the store <paramref name="store"/> makes (e.g. a PostgreSQL store), with the views
    /// <paramref name="views"/> makes, if any. Leases are the store's: a worker runs an execution only while it holds its lease.
    /// </summary>
    public IrlExecBuilder UseStore(Func<IServiceProvider, IExecutionStore> store, Func<IServiceProvider, IEnumerable<IExecutionObserver>>? views = null) =>
        UseStoreAndWork(store, views, work: null);

    /// <summary>
    /// Keeps executions in the store <paramref name="store"/> makes, and takes the worker's work from the source
    /// <paramref name="work"/> makes (a store's queue: IrlExec.Hosting.PostgreSql); null: the worker scans the histories.
    /// </summary>
    internal IrlExecBuilder UseStoreAndWork(Func<IServiceProvider, IExecutionStore> store, Func<IServiceProvider, IEnumerable<IExecutionObserver>>? views, Func<IServiceProvider, IWorkSource>? work)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = new StoreChoice(provider => (store(provider), views?.Invoke(provider).ToList() ?? []), null, work);
        return this;
    }

    internal sealed record StoreChoice(Func<IServiceProvider, (IExecutionStore Store, List<IExecutionObserver> Views)>? Custom, string? Root, Func<IServiceProvider, IWorkSource>? Work);
}

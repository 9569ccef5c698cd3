namespace IrlExec.Hosting;

/// <summary>The workflows a host runs, by name (registered with <see cref="IrlExecBuilder"/>).</summary>
public sealed class WorkflowRegistry
{
    private readonly List<WorkflowDefinition> _workflows;

    internal WorkflowRegistry(List<WorkflowDefinition> workflows) => _workflows = workflows;

    /// <summary>Every registered workflow.</summary>
    public IReadOnlyList<WorkflowDefinition> All => _workflows;

    /// <summary>The workflow named <paramref name="name"/>, or null.</summary>
    public WorkflowDefinition? Find(string name) => _workflows.FirstOrDefault(w => w.Name == name);

    /// <summary>The workflow named <paramref name="name"/>.</summary>
    /// <exception cref="UnknownWorkflowException">None is registered under that name.</exception>
    public WorkflowDefinition Get(string name) =>
        Find(name) ?? throw new UnknownWorkflowException(name, _workflows.Select(w => w.Name).ToList());
}

/// <summary>A workflow name the host has not registered.</summary>
public sealed class UnknownWorkflowException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public UnknownWorkflowException(string name, IReadOnlyList<string> registered)
        : base(registered.Count == 0
            ? $"No workflow '{name}': this host registers none (call AddWorkflows on the builder AddIrlExec returns)."
            : $"No workflow '{name}' in this host; it runs: {string.Join(", ", registered)}.")
    {
        Name = name;
    }

    /// <summary>The name asked for.</summary>
    public string Name { get; }
}

using System.Reflection;
using System.Runtime.Loader;

namespace IrlExec.Cli.Workflows;

/// <summary>
/// Loads a user's workflow assembly by path and finds its workflows through the generator's registration hook
/// (<see cref="WorkflowCatalog.FromAssembly"/>). The assembly gets its own load context so its dependencies resolve
/// from its folder, except IrlExec itself (and anything the CLI already has), which is shared so the types match.
/// </summary>
internal static class WorkflowAssembly
{
    public static IReadOnlyList<WorkflowDefinition> Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw CliException.Assembly("This command needs the workflow assembly: pass --assembly <path to the .dll that declares the [Workflow] classes>.");
        }
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw CliException.Assembly($"The workflow assembly '{full}' does not exist (--assembly). Build the project first.");
        Assembly assembly;
        try
        {
            assembly = new WorkflowLoadContext(full).LoadFromAssemblyPath(full);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw CliException.Assembly($"The workflow assembly '{full}' cannot be loaded: {e.Message}", e);
        }
        IReadOnlyList<WorkflowDefinition> workflows;
        try
        {
            workflows = WorkflowCatalog.FromAssembly(assembly);
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or WorkflowException or TargetInvocationException)
        {
            throw CliException.Assembly($"The workflows of '{full}' cannot be loaded: {(e.InnerException ?? e).Message}", e);
        }
        if (workflows.Count == 0)
        {
            throw CliException.Assembly($"'{full}' declares no workflows: it has no [Workflow] classes, or it was built without the IrlExec generator.");
        }
        return workflows;
    }

    public static WorkflowDefinition Find(IReadOnlyList<WorkflowDefinition> workflows, string name, string assemblyPath) =>
        workflows.FirstOrDefault(w => w.Name == name)
        ?? throw CliException.UnknownId($"No workflow '{name}' in {Path.GetFullPath(assemblyPath)}; it declares: {string.Join(", ", workflows.Select(w => w.Name))}.");

    private sealed class WorkflowLoadContext(string mainAssembly) : AssemblyLoadContext(Path.GetFileNameWithoutExtension(mainAssembly))
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // Shared with the CLI: IrlExec (so WorkflowDefinition is the CLI's type) and whatever the CLI already loaded.
            if (assemblyName.Name == typeof(WorkflowDefinition).Assembly.GetName().Name) return null;
            if (Default.Assemblies.Any(a => a.GetName().Name == assemblyName.Name)) return null;
            var path = _resolver.ResolveAssemblyToPath(assemblyName);
            return path is null ? null : LoadFromAssemblyPath(path);
        }
    }
}

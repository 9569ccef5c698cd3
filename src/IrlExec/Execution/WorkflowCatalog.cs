using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace IrlExec;

/// <summary>
/// The workflows an assembly declares. The IrlExec generator emits one (internal) subclass per assembly that has
/// <see cref="WorkflowAttribute"/> classes and registers it with <see cref="WorkflowCatalogAttribute"/>, so a host
/// (the CLI, a DI container) can find every workflow of an assembly it did not compile: <see cref="FromAssembly"/>.
/// </summary>
public abstract class WorkflowCatalog
{
    /// <summary>The assembly's workflows, in declaration order of their full type names.</summary>
    public abstract IReadOnlyList<WorkflowDefinition> Workflows { get; }

    /// <summary>
    /// The workflows registered in <paramref name="assembly"/> by the generator (empty when it has none). Only the
    /// catalog type named by the assembly's <see cref="WorkflowCatalogAttribute"/> is instantiated: this is trim- and
    /// AOT-safe (the attribute keeps the catalog's constructor).
    /// </summary>
    public static IReadOnlyList<WorkflowDefinition> FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var workflows = new List<WorkflowDefinition>();
        foreach (var attribute in assembly.GetCustomAttributes<WorkflowCatalogAttribute>())
        {
            var catalog = attribute.Create();
            workflows.AddRange(catalog.Workflows);
        }
        return workflows;
    }
}

/// <summary>Registers an assembly's <see cref="WorkflowCatalog"/> (emitted by the generator; not meant to be written by hand).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class WorkflowCatalogAttribute : Attribute
{
    /// <summary>Registers <paramref name="catalogType"/>, a <see cref="WorkflowCatalog"/> subclass with a public parameterless constructor.</summary>
    public WorkflowCatalogAttribute([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type catalogType) =>
        CatalogType = catalogType ?? throw new ArgumentNullException(nameof(catalogType));

    /// <summary>The catalog type.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
    public Type CatalogType { get; }

    /// <summary>Creates the catalog.</summary>
    /// <exception cref="WorkflowException">The type is not a <see cref="WorkflowCatalog"/>.</exception>
    public WorkflowCatalog Create() =>
        Activator.CreateInstance(CatalogType) as WorkflowCatalog
        ?? throw new WorkflowException($"'{CatalogType.FullName}' is registered as a workflow catalog but is not a {nameof(WorkflowCatalog)}.");
}

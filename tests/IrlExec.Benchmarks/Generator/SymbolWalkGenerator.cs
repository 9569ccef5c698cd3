using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Benchmarks.Generator;

/// <summary>
/// A reference point between the floor and the real generator: the same <c>ForAttributeWithMetadataName</c> scan,
/// with a transform that asks the compilation for exactly the symbols the IrlExec parser reads (the workflow's
/// properties and their attributes, its nested classes, their attributes, interfaces, constructors, properties,
/// property attributes and property types), compares attribute classes by symbol, formats no string, builds no model
/// and emits nothing. What the parser costs beyond this is its own work; what this costs beyond the floor is Roslyn
/// binding those declarations in a new compilation, which any generator reading them pays.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SymbolWalkGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var counts = context.SyntaxProvider.ForAttributeWithMetadataName(
            "IrlExec.WorkflowAttribute",
            static (node, _) => node is ClassDeclarationSyntax,
            static (ctx, _) => Walk((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel.Compilation));
        context.RegisterSourceOutput(counts, static (_, _) => { });
    }

    private static int Walk(INamedTypeSymbol workflow, Compilation compilation)
    {
        var step = compilation.GetTypeByMetadataName("IrlExec.StepAttribute");
        var input = compilation.GetTypeByMetadataName("IrlExec.InputAttribute");
        var seen = 0;
        foreach (var member in workflow.GetMembers())
        {
            if (member is IPropertySymbol property) seen += property.GetAttributes().Length + (property.Type.SpecialType == SpecialType.None ? 0 : 1);
        }
        foreach (var nested in workflow.GetTypeMembers())
        {
            foreach (var attribute in nested.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, step)) seen += attribute.NamedArguments.Length;
            }
            seen += nested.AllInterfaces.Length + nested.InstanceConstructors.Length;
            foreach (var member in nested.GetMembers())
            {
                if (member is not IPropertySymbol property) continue;
                foreach (var attribute in property.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, input)) seen++;
                }
                if (property.Type.SpecialType != SpecialType.None) seen++;
            }
        }
        return seen;
    }
}

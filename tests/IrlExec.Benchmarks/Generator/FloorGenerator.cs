using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Benchmarks.Generator;

/// <summary>
/// The floor of the generator benchmarks: the same <c>ForAttributeWithMetadataName</c> scan as
/// <see cref="IrlExec.Generators.WorkflowGenerator"/>, with a transform that only takes the class name, and an output
/// that emits nothing. Whatever the real generator costs beyond this is parsing, modelling and emitting.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FloorGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var names = context.SyntaxProvider.ForAttributeWithMetadataName(
            "IrlExec.WorkflowAttribute",
            static (node, _) => node is ClassDeclarationSyntax,
            static (ctx, _) => ctx.TargetSymbol.Name);
        context.RegisterSourceOutput(names, static (_, _) => { });
    }
}

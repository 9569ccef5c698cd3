using Microsoft.CodeAnalysis;

namespace IrlExec.Generators
{
    /// <summary>
    /// The IrlExec source generator. Discovers <c>[Workflow]</c> classes; the emitting stages are added by the generator work.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class WorkflowGenerator : IIncrementalGenerator
    {
        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var workflows = context.SyntaxProvider.ForAttributeWithMetadataName(
                "IrlExec.WorkflowAttribute",
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                static (ctx, _) => ctx.TargetSymbol.Name);
            context.RegisterSourceOutput(workflows, static (_, _) => { });
        }
    }
}

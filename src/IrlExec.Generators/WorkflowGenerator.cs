using System.Linq;
using IrlExec.Generators.Emitting;
using IrlExec.Generators.Model;
using IrlExec.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Generators
{
    /// <summary>
    /// The IrlExec source generator. Only wires the pipeline: <c>[Workflow]</c> classes → <see cref="Parser"/> (equatable
    /// models, no symbols) → <see cref="Emitter"/> (one source per workflow, plus the assembly's workflow catalog).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class WorkflowGenerator : IIncrementalGenerator
    {
        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var workflows = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "IrlExec.WorkflowAttribute",
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (ctx, ct) => Parser.Parse(ctx, ct))
                .WithTrackingName(TrackingNames.WorkflowParsed)
                .Where(static result => result.Model is not null)
                .Select(static (result, _) => result.Model!)
                .WithTrackingName(TrackingNames.WorkflowModels);

            context.RegisterSourceOutput(workflows, static (spc, workflow) =>
                spc.AddSource(workflow.HintName, SourceText.From(Emitter.EmitWorkflow(workflow), System.Text.Encoding.UTF8)));

            var catalog = workflows
                .Select(static (workflow, _) => workflow.FullName)
                .WithTrackingName(TrackingNames.WorkflowNames)
                .Collect()
                .Select(static (names, _) => new CatalogModel(names.OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray()))
                .WithTrackingName(TrackingNames.Catalog);

            context.RegisterSourceOutput(catalog, static (spc, model) =>
            {
                if (model.Workflows.Count == 0) return;
                spc.AddSource(Emitter.CatalogHintName, SourceText.From(Emitter.EmitCatalog(model), System.Text.Encoding.UTF8));
            });
        }
    }
}

using System.Linq;
using IrlExec.Generators.Declarations;
using IrlExec.Generators.Emitting;
using IrlExec.Generators.Model;
using IrlExec.Generators.Parsing;
using IrlExec.Generators.StepLogs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Generators
{
    /// <summary>
    /// The IrlExec source generator. Only wires the pipeline: <c>[Workflow]</c> classes (found by name, no binding) and
    /// the <see cref="DeclarationsVersion"/> of the compilation → <see cref="Parser"/> (equatable models, no symbols),
    /// which runs only when a declaration changed → <see cref="Emitter"/> (one source per workflow, plus the assembly's
    /// workflow catalog); and, apart, <c>[StepLog]</c> methods → <see cref="StepLogParser"/> → <see cref="StepLogEmitter"/>
    /// (one source per type that declares them).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class WorkflowGenerator : IIncrementalGenerator
    {
        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Which classes are workflows: the attribute scan, reading names only, so it costs what any scan costs.
            var candidates = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "IrlExec.WorkflowAttribute",
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (ctx, _) => Parser.CandidateName(ctx))
                .Where(static name => name is not null)
                .Select(static (name, _) => name!)
                .WithTrackingName(TrackingNames.WorkflowCandidates);

            // Unchanged by edits inside member bodies: then nothing below re-runs, and no attribute is bound again.
            var declarations = context.CompilationProvider
                .Select(static (compilation, _) => DeclarationsVersion.Of(compilation))
                .WithTrackingName(TrackingNames.Declarations);

            var workflows = candidates
                .Collect()
                .Combine(declarations)
                .Select(static (input, ct) => Parser.ParseAll(input.Left, input.Right, ct))
                .WithTrackingName(TrackingNames.WorkflowParsed)
                // One item per workflow, compared one by one: an edit to one workflow re-emits only that workflow.
                .SelectMany(static (models, _) => models)
                .WithTrackingName(TrackingNames.WorkflowModels);

            context.RegisterSourceOutput(workflows, static (spc, workflow) =>
                spc.AddSource(workflow.HintName, Emitter.EmitWorkflowText(workflow)));

            // A stub (a workflow with errors) has no definition to list: its Definition throws.
            var catalog = workflows
                .Select(static (workflow, _) => workflow.IsStub ? null : workflow.FullName + "." + workflow.Names.DefinitionMember)
                .WithTrackingName(TrackingNames.WorkflowNames)
                .Collect()
                .Select(static (names, _) => new CatalogModel(names.OfType<string>().OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray()))
                .WithTrackingName(TrackingNames.Catalog);

            context.RegisterSourceOutput(catalog, static (spc, model) =>
            {
                if (model.Workflows.Count == 0) return;
                spc.AddSource(Emitter.CatalogHintName, SourceText.From(Emitter.EmitCatalog(model), System.Text.Encoding.UTF8));
            });

            // [StepLog] methods: each read on its own (strings only), then grouped by type, one source per type.
            var logMethods = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "IrlExec.StepLogAttribute",
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => StepLogParser.Parse(ctx, ct))
                .Where(static entry => entry is not null)
                .Select(static (entry, _) => entry!)
                .WithTrackingName(TrackingNames.StepLogMethods);

            var logTypes = logMethods
                .Collect()
                .SelectMany(static (entries, _) => StepLogParser.GroupByType(entries))
                .WithTrackingName(TrackingNames.StepLogTypes);

            context.RegisterSourceOutput(logTypes, static (spc, type) => spc.AddSource(type.HintName, StepLogEmitter.Emit(type)));
        }
    }
}

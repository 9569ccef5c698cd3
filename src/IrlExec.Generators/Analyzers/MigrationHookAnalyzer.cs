using System.Collections.Immutable;
using System.Linq;
using IrlExec.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>
    /// Checks <c>[WorkflowMigration]</c> methods: the generated definition wires one <c>static void M(PlanMigrationContext)</c>
    /// method of a <c>[Workflow]</c> class into every resume, so any other shape, place or count is an error (the
    /// generator emits nothing for such a workflow).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MigrationHookAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.InvalidMigrationHook);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = IrlExecSymbols.Create(start.Compilation);
                if (symbols?.WorkflowMigrationAttribute is null) return;
                start.RegisterSymbolAction(symbolContext => Analyze(symbolContext, symbols), SymbolKind.Method);
            });
        }

        private static void Analyze(SymbolAnalysisContext context, IrlExecSymbols symbols)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (IrlExecSymbols.Find(method, symbols.WorkflowMigrationAttribute) is not { } attribute) return;
            var problem = Problem(method, symbols);
            if (problem is null) return;
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? method.Locations.FirstOrDefault();
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidMigrationHook, location, method.Name, problem));
        }

        private static string? Problem(IMethodSymbol method, IrlExecSymbols symbols)
        {
            if (method.ContainingType is not { } type || IrlExecSymbols.Find(type, symbols.WorkflowAttribute) is null)
            {
                return "is not declared in a [Workflow] class";
            }
            if (!symbols.IsMigrationHookShape(method))
            {
                return "is not a static, non-generic void method with one PlanMigrationContext parameter";
            }
            var hooks = type.GetMembers().OfType<IMethodSymbol>().Where(m => IrlExecSymbols.Find(m, symbols.WorkflowMigrationAttribute) is not null).ToList();
            if (hooks.Count > 1)
            {
                return $"'{type.Name}' declares {hooks.Count} migration hooks ({string.Join(", ", hooks.Select(h => h.Name))}), and a workflow has one";
            }
            return null;
        }
    }
}

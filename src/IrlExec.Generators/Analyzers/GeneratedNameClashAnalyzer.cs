using System.Collections.Immutable;
using System.Linq;
using IrlExec.Generators.Diagnostics;
using IrlExec.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>
    /// IRL0026: a member of a <c>[Workflow]</c> class with the name of a public member the generator adds (<c>Plan</c>,
    /// <c>Definition</c>, <c>ToVariables()</c>, <c>RunAsync</c>, <c>SimulateAsync</c>, <c>ResumeAsync</c>). The generator
    /// leaves that member out (<see cref="GeneratedMembers"/> decides, for both), so the build has no error in a generated
    /// file; this says which member is missing and why.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class GeneratedNameClashAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.GeneratedNameClash);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = IrlExecSymbols.Create(start.Compilation);
                if (symbols is null) return;
                start.RegisterSymbolAction(symbolContext => Analyze(symbolContext, symbols), SymbolKind.NamedType);
            });
        }

        private static void Analyze(SymbolAnalysisContext context, IrlExecSymbols symbols)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.ContainingType is not null || IrlExecSymbols.Find(type, symbols.WorkflowAttribute) is null) return;
            foreach (var clash in GeneratedMembers.Clashes(type, context.Compilation))
            {
                var location = clash.Member.Locations.FirstOrDefault(l => l.IsInSource);
                if (location is null) continue;
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.GeneratedNameClash, location, clash.Member.Name, clash.Description, type.Name, Hint(clash.Member, symbols)));
            }
        }

        /// <summary>How to rename a <c>[Variable]</c> without changing its variable name, when its name comes from the property.</summary>
        private static string Hint(ISymbol member, IrlExecSymbols symbols)
        {
            if (member is not IPropertySymbol property || IrlExecSymbols.Find(property, symbols.VariableAttribute) is not { } variable) return "";
            if (variable.ConstructorArguments.Length == 1) return ""; // [Variable("plan")]: renaming the property changes nothing else
            var name = VariableNaming.ToSnakeCase(property.Name);
            return $"; to keep the variable name '{name}', name it in the attribute: [Variable(\"{name}\")] on a property named e.g. '{property.Name}Value'";
        }
    }
}

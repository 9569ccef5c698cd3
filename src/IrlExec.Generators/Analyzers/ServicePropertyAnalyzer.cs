using System.Collections.Immutable;
using IrlExec.Generators.Diagnostics;
using IrlExec.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>
    /// Checks <c>[Service]</c> properties (IRL0031): the generated binding sets each one on every new step object from the
    /// attempt's services, so it must be an instance property of a <c>[Step]</c> class with a reachable setter or init
    /// accessor, of a type a service provider can return, and not also an <c>[Input]</c> or <c>[Output]</c>. The parser
    /// refuses the same shapes (the generator then emits nothing for the workflow).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ServicePropertyAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.InvalidServiceProperty);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = IrlExecSymbols.Create(start.Compilation);
                if (symbols?.ServiceAttribute is null) return;
                start.RegisterSymbolAction(symbolContext => Analyze(symbolContext, symbols), SymbolKind.Property);
            });
        }

        private static void Analyze(SymbolAnalysisContext context, IrlExecSymbols symbols)
        {
            var property = (IPropertySymbol)context.Symbol;
            if (IrlExecSymbols.Find(property, symbols.ServiceAttribute) is not { } attribute) return;
            if (Problem(property, symbols) is not { } problem) return;
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? AttributeArguments.First(property);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidServiceProperty, location, property.Name, problem.Reason, problem.Fix));
        }

        private static (string Reason, string Fix)? Problem(IPropertySymbol property, IrlExecSymbols symbols)
        {
            if (IrlExecSymbols.Find(property.ContainingType, symbols.StepAttribute) is null)
            {
                return ("it is not declared in a [Step] class", "Declare it in the step class that uses the service, or read the service from context.Services");
            }
            if (property.IsStatic) return ("it is static", "Make it an instance property: each step attempt gets its own services");
            if (property.IsIndexer) return ("it is an indexer", "Declare a property instead");
            if (property.SetMethod is null || !Parser.IsReachable(property.SetMethod.DeclaredAccessibility))
            {
                return ("it has no public or internal setter", "Give it a public or internal set or init accessor");
            }
            if (property.Type.TypeKind != TypeKind.Error && !ServiceDeclaration.IsServiceTypeKind(property.Type))
            {
                return ($"its type '{property.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' is not a class or an interface", "Register and inject a class or an interface, or pass the value as an [Input]");
            }
            if (IrlExecSymbols.Find(property, symbols.InputAttribute) is not null || IrlExecSymbols.Find(property, symbols.OutputAttribute) is not null)
            {
                return ("it is also an [Input] or [Output]", "Remove [Input]/[Output]: a property is either bound from variables or resolved as a service");
            }
            return null;
        }
    }
}

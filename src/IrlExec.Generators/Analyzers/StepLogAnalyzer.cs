using System.Collections.Immutable;
using IrlExec.Generators.Diagnostics;
using IrlExec.Generators.StepLogs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>
    /// Checks <c>[StepLog]</c> methods, with the checks the generator relies on (<see cref="StepLogMethod"/>): IRL0032 a
    /// placeholder no parameter has, IRL0033 a parameter no placeholder names, IRL0034 a method the generator cannot write
    /// (not partial void, no StepContext first, generic, by-reference or params parameters, a type that is not partial,
    /// a malformed template, a placeholder named like a property every log event carries). A <c>[Secret]</c> value passed
    /// to a log method is IRL0017 (<see cref="SecretLeakAnalyzer"/>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class StepLogAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.LogPlaceholderWithoutParameter, DiagnosticDescriptors.LogParameterWithoutPlaceholder, DiagnosticDescriptors.InvalidLogMethod);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            // A log method with a generated body has one declaration in generated code: the compiler would then skip the
            // symbol. Only the user's declaration (the definition part) is checked, below.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var attribute = start.Compilation.GetTypeByMetadataName("IrlExec.StepLogAttribute");
                if (attribute is null) return;
                var stepContext = start.Compilation.GetTypeByMetadataName("IrlExec.StepContext");
                start.RegisterSymbolAction(symbol => Analyze(symbol, attribute, stepContext), SymbolKind.Method);
            });
        }

        private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol attributeClass, INamedTypeSymbol? stepContext)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.PartialDefinitionPart is not null) return; // the implementation (generated): its definition is checked
            var attribute = IrlExecSymbols.Find(method, attributeClass);
            if (attribute is null) return;

            var check = StepLogMethod.Check(method, attribute, stepContext);
            if (check.Template is null) return; // the attribute itself has errors: the compiler reports them
            if (check.ShapeError is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidLogMethod, method.Locations[0], method.Name, check.ShapeError));
                return;
            }
            var messageLocation = MessageLocation(attribute) ?? method.Locations[0];
            foreach (var placeholder in check.UnmatchedPlaceholders)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LogPlaceholderWithoutParameter, messageLocation, method.Name, placeholder));
            }
            foreach (var parameter in check.UnusedParameters)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LogParameterWithoutPlaceholder, parameter.Locations[0], method.Name, parameter.Name));
            }
        }

        // The message argument of [StepLog(level, "message")], where a template problem is shown.
        private static Location? MessageLocation(AttributeData attribute) =>
            attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList: { Arguments.Count: >= 2 } arguments }
                ? arguments.Arguments[1].GetLocation()
                : null;
    }
}

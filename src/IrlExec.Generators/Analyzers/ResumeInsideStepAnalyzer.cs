using System.Collections.Immutable;
using System.Linq;
using IrlExec.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>
    /// Reports a resume (<c>WorkflowExecution.Resume()</c>, <c>TransitionTo(ExecutionStatus.Resumed)</c>,
    /// <c>WorkflowRunner.ResumeAsync</c>) written in the code of a step: while a step runs, its execution is IN_PROGRESS or
    /// RESUMED, so the resume can only fail (or resume another execution from inside this one).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ResumeInsideStepAnalyzer : DiagnosticAnalyzer
    {
        private const int Resumed = (int)ExecutionStatus.Resumed;

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ResumeInsideStep);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = IrlExecSymbols.Create(start.Compilation);
                if (symbols is null) return;
                start.RegisterOperationAction(operation => Analyze(operation, symbols), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, IrlExecSymbols symbols)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!IsResume(invocation, symbols)) return;
            var type = context.ContainingSymbol as INamedTypeSymbol ?? context.ContainingSymbol.ContainingType;
            if (!symbols.IsStepCode(type)) return;
            var method = invocation.TargetMethod;
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ResumeInsideStep, invocation.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name, type!.Name));
        }

        private static bool IsResume(IInvocationOperation invocation, IrlExecSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.WorkflowRunner)) return method.Name == "ResumeAsync";
            if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.WorkflowExecution)) return false;
            if (method.Name == "Resume") return true;
            return method.Name == "TransitionTo" &&
                invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.ConstantValue is { HasValue: true, Value: Resumed };
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using IrlExec.Generators.Analyzers.StatusFlow;
using IrlExec.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>
    /// Reports status transitions that the table in StatusTransitions refuses, wherever flow analysis of the method proves
    /// every status the object may have refuses it: on WorkflowExecution and StepState locals and parameters, their
    /// copies, executions made by factory methods and changed by helper methods of the same compilation
    /// (<see cref="MethodSummaries"/>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class StatusTransitionAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.InvalidStatusTransition,
            DiagnosticDescriptors.TransitionFromTerminal,
            DiagnosticDescriptors.InvalidStepTransition);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = IrlExecSymbols.Create(start.Compilation);
                if (symbols is null || (symbols.WorkflowExecution is null && symbols.StepState is null)) return;
                var summaries = new MethodSummaries(start.Compilation, symbols, start.CancellationToken);
                start.RegisterOperationBlockAction(block => AnalyzeBlock(block, symbols, summaries));
            });
        }

        private static void AnalyzeBlock(OperationBlockAnalysisContext context, IrlExecSymbols symbols, MethodSummaries summaries)
        {
            var seen = new HashSet<IOperation>();
            foreach (var block in context.OperationBlocks)
            {
                // OperationBlocks holds e.g. a method's body block; the graph is built from the root above it.
                var root = block;
                while (root.Parent is not null) root = root.Parent;
                if (root is not (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation) || !seen.Add(root)) continue;
                if (!MentionsTrackedTypes(root, symbols)) continue; // nothing to follow: skip building the graph
                var trackable = TrackableLocals.Find(root, context.OwningSymbol, symbols, summaries);
                var graph = context.GetControlFlowGraph(block);
                var parameters = context.OwningSymbol is IMethodSymbol method ? method.Parameters : ImmutableArray<IParameterSymbol>.Empty;
                AnalyzeGraph(graph, parameters, symbols, trackable, summaries, context);
            }
        }

        // The cheap filter first: most methods never touch an execution or a step state.
        private static bool MentionsTrackedTypes(IOperation root, IrlExecSymbols symbols) =>
            root.DescendantsAndSelf().Any(o => TrackableLocals.IsTrackedType(o.Type, symbols));

        private static void AnalyzeGraph(ControlFlowGraph graph, ImmutableArray<IParameterSymbol> parameters, IrlExecSymbols symbols, HashSet<ISymbol> trackable, MethodSummaries summaries, OperationBlockAnalysisContext context)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var walker = new TransitionWalker(symbols, trackable, summaries);
            var analysis = StatusFlowAnalysis.Converged(graph, walker, walker.Entry(parameters, null, null), context.CancellationToken);
            analysis?.Report(violation => context.ReportDiagnostic(Describe(violation)));
            foreach (var local in graph.LocalFunctions)
            {
                AnalyzeGraph(graph.GetLocalFunctionControlFlowGraph(local, context.CancellationToken), local.Parameters, symbols, trackable, summaries, context);
            }
            foreach (var block in graph.Blocks)
            {
                var roots = block.BranchValue is null ? block.Operations : block.Operations.Add(block.BranchValue);
                foreach (var lambda in roots.SelectMany(o => o.DescendantsAndSelf()).OfType<IFlowAnonymousFunctionOperation>())
                {
                    AnalyzeGraph(graph.GetAnonymousFunctionControlFlowGraph(lambda, context.CancellationToken), lambda.Symbol.Parameters, symbols, trackable, summaries, context);
                }
            }
        }

        private static Diagnostic Describe(Violation violation)
        {
            var location = violation.At.Syntax.GetLocation();
            var through = violation.Through is null ? "" : $" (in '{violation.Through}')";
            if (violation.IsStep)
            {
                var target = (StepStatus)violation.Target;
                return Diagnostic.Create(DiagnosticDescriptors.InvalidStepTransition, location,
                    violation.Name, violation.From.Describe(), StatusTransitions.ToWireName(target) + through,
                    Allowed(violation.From.StepStatuses.Select(s => (StatusTransitions.ToWireName(s), StatusTransitions.AllowedTargets(s).Select(StatusTransitions.ToWireName)))));
            }
            var to = (ExecutionStatus)violation.Target;
            if (violation.From.ExecutionStatuses.All(StatusTransitions.IsTerminal))
            {
                return Diagnostic.Create(DiagnosticDescriptors.TransitionFromTerminal, location,
                    violation.Name, violation.From.Describe(), StatusTransitions.ToWireName(to) + through);
            }
            return Diagnostic.Create(DiagnosticDescriptors.InvalidStatusTransition, location,
                violation.Name, violation.From.Describe(), StatusTransitions.ToWireName(to) + through,
                Allowed(violation.From.ExecutionStatuses.Select(s => (StatusTransitions.ToWireName(s), StatusTransitions.AllowedTargets(s).Select(StatusTransitions.ToWireName)))));
        }

        /// <summary>"PAUSED, COMPLETED_FAILURE" from one status; "X from A; Y from B" from several.</summary>
        private static string Allowed(IEnumerable<(string From, IEnumerable<string> Targets)> statuses)
        {
            var list = statuses.Select(s => (s.From, Targets: Describe(s.Targets))).ToList();
            if (list.Count == 1) return list[0].Targets;
            return string.Join("; ", list.Select(s => $"{s.Targets} from {s.From}"));
        }

        private static string Describe(IEnumerable<string> names)
        {
            var joined = string.Join(", ", names);
            return joined.Length == 0 ? "nothing" : joined;
        }
    }
}

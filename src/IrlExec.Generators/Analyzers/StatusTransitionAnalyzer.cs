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
    /// the source status: on WorkflowExecution locals (<c>Start</c>, <c>Create</c>, <c>TransitionTo</c>, <c>Pause</c>,
    /// <c>Resume</c>, <c>Complete</c>, <c>Fail</c>) and on StepState locals (<c>state.Status = ...</c>).
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
                start.RegisterOperationBlockAction(block => AnalyzeBlock(block, symbols));
            });
        }

        private static void AnalyzeBlock(OperationBlockAnalysisContext context, IrlExecSymbols symbols)
        {
            var seen = new HashSet<IOperation>();
            foreach (var block in context.OperationBlocks)
            {
                // OperationBlocks holds e.g. a method's body block; the graph is built from the root above it.
                var root = block;
                while (root.Parent is not null) root = root.Parent;
                if (root is not (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation) || !seen.Add(root)) continue;
                var trackable = TrackableLocals.Find(root, context.OwningSymbol, symbols);
                if (trackable.Count == 0) continue; // nothing to follow: skip building the graph
                var graph = context.GetControlFlowGraph(block);
                AnalyzeGraph(graph, symbols, trackable, context);
            }
        }

        private static void AnalyzeGraph(ControlFlowGraph graph, IrlExecSymbols symbols, HashSet<ISymbol> trackable, OperationBlockAnalysisContext context)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            StatusFlowAnalysis.Run(graph, symbols, trackable, context.ReportDiagnostic);
            foreach (var local in graph.LocalFunctions)
            {
                AnalyzeGraph(graph.GetLocalFunctionControlFlowGraph(local, context.CancellationToken), symbols, trackable, context);
            }
            foreach (var block in graph.Blocks)
            {
                var roots = block.BranchValue is null ? block.Operations : block.Operations.Add(block.BranchValue);
                foreach (var lambda in roots.SelectMany(o => o.DescendantsAndSelf()).OfType<IFlowAnonymousFunctionOperation>())
                {
                    AnalyzeGraph(graph.GetAnonymousFunctionControlFlowGraph(lambda, context.CancellationToken), symbols, trackable, context);
                }
            }
        }
    }
}

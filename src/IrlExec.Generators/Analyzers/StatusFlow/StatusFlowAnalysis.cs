using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace IrlExec.Generators.Analyzers.StatusFlow
{
    /// <summary>
    /// A forward "known status" analysis over a <see cref="ControlFlowGraph"/>, iterated to a fixpoint:
    /// <list type="bullet">
    /// <item>a block's input is the meet of its predecessors' outputs (paths that disagree make a status unknown);</item>
    /// <item>loops are iterated until no block's input changes (states only lose knowledge, so this terminates);</item>
    /// <item>catch and finally handlers start from the meet of every state inside their try (an exception can leave from anywhere);</item>
    /// <item>a branch that leaves through a finally takes the finally's outcome for whatever the finally may change;</item>
    /// <item>a branch on <c>x.Status == constant</c> (or <c>is</c>) knows the status on the matching edge and drops edges the known status rules out;</item>
    /// <item>diagnostics are reported only once, in a last pass over the converged states.</item>
    /// </list>
    /// </summary>
    internal sealed class StatusFlowAnalysis
    {
        private const int MaxRounds = 200;

        private readonly ControlFlowGraph _graph;
        private readonly TransitionWalker _walker;
        private readonly FlowState?[] _in;
        private readonly FlowState?[] _out;
        private readonly Dictionary<ControlFlowRegion, HashSet<FlowKey>> _finallyWrites = new Dictionary<ControlFlowRegion, HashSet<FlowKey>>();
        private Dictionary<ControlFlowRegion, FlowState> _exceptional = new Dictionary<ControlFlowRegion, FlowState>();

        private StatusFlowAnalysis(ControlFlowGraph graph, TransitionWalker walker)
        {
            _graph = graph;
            _walker = walker;
            _in = new FlowState?[graph.Blocks.Length];
            _out = new FlowState?[graph.Blocks.Length];
        }

        /// <summary>Analyzes <paramref name="graph"/> and reports what the converged states prove wrong.</summary>
        public static void Run(ControlFlowGraph graph, IrlExecSymbols symbols, HashSet<ISymbol> trackable, Action<Diagnostic> report)
        {
            var analysis = new StatusFlowAnalysis(graph, new TransitionWalker(symbols, trackable));
            if (analysis.Converge()) analysis.Report(report);
        }

        private bool Converge()
        {
            for (var round = 0; round < MaxRounds; round++)
            {
                var stable = true;
                _exceptional = new Dictionary<ControlFlowRegion, FlowState>();
                foreach (var block in _graph.Blocks)
                {
                    if (!block.IsReachable) continue;
                    var input = Input(block);
                    if (input is null) continue;
                    var previous = _in[block.Ordinal];
                    if (previous is null || !previous.SameAs(input))
                    {
                        stable = false;
                        _in[block.Ordinal] = input;
                    }
                    var state = input.Clone();
                    var tries = EnclosingTries(block);
                    Action<FlowState> changed = current => RecordExceptional(tries, current);
                    changed(state);
                    _walker.Transfer(block, state, report: null, changed);
                    _out[block.Ordinal] = state;
                }
                if (stable) return true;
            }
            return false; // did not settle: say nothing rather than report from a state that is not a fixpoint
        }

        private void Report(Action<Diagnostic> report)
        {
            foreach (var block in _graph.Blocks)
            {
                var input = _in[block.Ordinal];
                if (!block.IsReachable || input is null) continue;
                _walker.Transfer(block, input.Clone(), report, static _ => { });
            }
        }

        private FlowState? Input(BasicBlock block)
        {
            FlowState? input = block.Kind == BasicBlockKind.Entry ? new FlowState() : null;
            foreach (var branch in block.Predecessors)
            {
                var output = _out[branch.Source.Ordinal];
                if (output is null) continue;
                var edge = ThroughFinally(output, branch.FinallyRegions);
                if (Outcome(branch) is { } outcome && branch.Source.BranchValue is { } condition)
                {
                    var narrowed = _walker.Narrow(edge, condition, outcome);
                    if (narrowed is null) continue; // the known status rules this edge out
                    edge = narrowed;
                }
                input = FlowState.Merge(input, edge);
            }
            // The first block of a catch, filter or finally region has no predecessors in the graph: it is entered from
            // anywhere inside the try.
            for (var region = block.EnclosingRegion; region is not null && region.FirstBlockOrdinal == block.Ordinal; region = region.EnclosingRegion)
            {
                if (region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.FilterAndHandler or ControlFlowRegionKind.Finally &&
                    TryOf(region) is { } tryRegion && _exceptional.TryGetValue(tryRegion, out var thrown))
                {
                    input = FlowState.Merge(input, thrown);
                }
            }
            return input;
        }

        /// <summary>The value of the source block's condition when control takes <paramref name="branch"/>, or null for an unconditional branch.</summary>
        private static bool? Outcome(ControlFlowBranch branch)
        {
            var source = branch.Source;
            if (source.ConditionKind == ControlFlowConditionKind.None) return null;
            var whenTrue = source.ConditionKind == ControlFlowConditionKind.WhenTrue;
            if (ReferenceEquals(source.ConditionalSuccessor, branch)) return whenTrue;
            if (ReferenceEquals(source.FallThroughSuccessor, branch)) return !whenTrue;
            return null;
        }

        /// <summary>The state after a branch that runs <paramref name="finallyRegions"/> on its way.</summary>
        private FlowState ThroughFinally(FlowState state, IEnumerable<ControlFlowRegion> finallyRegions)
        {
            FlowState? result = null;
            foreach (var region in finallyRegions)
            {
                result ??= state.Clone();
                var after = _out[region.LastBlockOrdinal];
                foreach (var key in Writes(region))
                {
                    if (after is not null && after.TryGet(key, out var status)) result.Set(key, status);
                    else result.Forget(key);
                }
            }
            return result ?? state;
        }

        private HashSet<FlowKey> Writes(ControlFlowRegion region)
        {
            if (!_finallyWrites.TryGetValue(region, out var keys))
            {
                var blocks = Enumerable.Range(region.FirstBlockOrdinal, region.LastBlockOrdinal - region.FirstBlockOrdinal + 1).Select(i => _graph.Blocks[i]);
                _finallyWrites.Add(region, keys = _walker.KeysWrittenIn(blocks));
            }
            return keys;
        }

        private void RecordExceptional(List<ControlFlowRegion> tries, FlowState state)
        {
            foreach (var tryRegion in tries)
            {
                _exceptional.TryGetValue(tryRegion, out var existing);
                _exceptional[tryRegion] = FlowState.Merge(existing, state);
            }
        }

        private static List<ControlFlowRegion> EnclosingTries(BasicBlock block)
        {
            var tries = new List<ControlFlowRegion>();
            for (var region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
            {
                if (region.Kind == ControlFlowRegionKind.Try) tries.Add(region);
            }
            return tries;
        }

        private static ControlFlowRegion? TryOf(ControlFlowRegion handler)
        {
            for (var region = handler.EnclosingRegion; region is not null; region = region.EnclosingRegion)
            {
                if (region.Kind is ControlFlowRegionKind.TryAndCatch or ControlFlowRegionKind.TryAndFinally)
                {
                    return region.NestedRegions.FirstOrDefault(r => r.Kind == ControlFlowRegionKind.Try);
                }
            }
            return null;
        }
    }
}

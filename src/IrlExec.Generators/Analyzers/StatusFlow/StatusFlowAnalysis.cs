using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using System.Threading;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace IrlExec.Generators.Analyzers.StatusFlow
{
    /// <summary>
    /// A forward "known status" analysis over a <see cref="ControlFlowGraph"/>, iterated to a fixpoint:
    /// <list type="bullet">
    /// <item>a block's input is the meet of its predecessors' outputs (a reference stays known where the paths agree, the
    /// status sets are united);</item>
    /// <item>loops are iterated until no block's input changes (states only lose knowledge, so this terminates);</item>
    /// <item>catch and finally handlers start from the meet of every state inside their try (an exception can leave from anywhere);</item>
    /// <item>a branch that leaves through a finally takes the finally's outcome for whatever the finally may change;</item>
    /// <item>a branch on the status (<c>x.Status == constant</c>, <c>is A or B</c>, a <c>switch</c>, <c>IsFinished</c>) narrows the
    /// status set on each edge and drops edges the known statuses rule out;</item>
    /// <item>diagnostics are reported only once, in a last pass over the converged states.</item>
    /// </list>
    /// </summary>
    internal sealed class StatusFlowAnalysis
    {
        private const int MaxRounds = 200;

        private readonly ControlFlowGraph _graph;
        private readonly TransitionWalker _walker;
        private readonly FlowState _entry;
        private readonly FlowState?[] _in;
        private readonly FlowState?[] _out;
        private Dictionary<ControlFlowRegion, FlowState> _exceptional = new Dictionary<ControlFlowRegion, FlowState>();

        private StatusFlowAnalysis(ControlFlowGraph graph, TransitionWalker walker, FlowState entry)
        {
            _graph = graph;
            _walker = walker;
            _entry = entry;
            _in = new FlowState?[graph.Blocks.Length];
            _out = new FlowState?[graph.Blocks.Length];
        }

        /// <summary>The analysis of <paramref name="graph"/> from <paramref name="entry"/>, converged; null when it did not settle.</summary>
        public static StatusFlowAnalysis? Converged(ControlFlowGraph graph, TransitionWalker walker, FlowState entry, CancellationToken cancellationToken)
        {
            var analysis = new StatusFlowAnalysis(graph, walker, entry);
            return analysis.Converge(cancellationToken) ? analysis : null;
        }

        /// <summary>The state where the method returns normally (null when it never does).</summary>
        public FlowState? ExitState => _in[_graph.Blocks[_graph.Blocks.Length - 1].Ordinal];

        /// <summary>The converged state at the end of <paramref name="block"/> (null when it is not reached).</summary>
        public FlowState? OutputOf(BasicBlock block) => _out[block.Ordinal];

        private bool Converge(CancellationToken cancellationToken)
        {
            for (var round = 0; round < MaxRounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
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

        /// <summary>Runs the converged states through every block once more, reporting what they prove refused.</summary>
        public void Report(Action<Violation> report)
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
            FlowState? input = block.Kind == BasicBlockKind.Entry ? _entry.Clone() : null;
            foreach (var branch in block.Predecessors)
            {
                var output = _out[branch.Source.Ordinal];
                if (output is null) continue;
                var edge = output;
                if (Outcome(branch) is { } outcome && branch.Source.BranchValue is { } condition)
                {
                    var narrowed = _walker.Narrow(edge, condition, outcome);
                    if (narrowed is null) continue; // the known statuses rule this edge out
                    edge = narrowed;
                }
                // The condition is evaluated before a finally on the way runs.
                if (ThroughFinally(edge, branch.FinallyRegions) is not { } after) continue; // a finally on the way never completes
                input = FlowState.Merge(input, after);
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

        /// <summary>
        /// The state after a branch that runs <paramref name="finallyRegions"/> on its way: each finally that may change
        /// something is run from this path's state (its blocks iterated to a fixpoint, as the whole graph is); null when a
        /// finally never completes (the branch never arrives).
        /// </summary>
        private FlowState? ThroughFinally(FlowState state, IEnumerable<ControlFlowRegion> finallyRegions)
        {
            FlowState? result = state;
            foreach (var region in finallyRegions)
            {
                if (result is null) return null;
                if (MayChange(region)) result = Simulate(region, result);
            }
            return result;
        }

        private FlowState? Simulate(ControlFlowRegion region, FlowState state)
        {
            var first = region.FirstBlockOrdinal;
            var outputs = new FlowState?[region.LastBlockOrdinal - first + 1];
            for (var round = 0; round < MaxRounds; round++)
            {
                var stable = true;
                for (var k = 0; k < outputs.Length; k++)
                {
                    var block = _graph.Blocks[first + k];
                    var input = k == 0 ? state.Clone() : null;
                    foreach (var branch in block.Predecessors)
                    {
                        var source = branch.Source.Ordinal - first;
                        if (source < 0 || source >= outputs.Length || outputs[source] is not { } output) continue;
                        var edge = output;
                        if (Outcome(branch) is { } outcome && branch.Source.BranchValue is { } condition)
                        {
                            var narrowed = _walker.Narrow(edge, condition, outcome);
                            if (narrowed is null) continue;
                            edge = narrowed;
                        }
                        input = FlowState.Merge(input, edge);
                    }
                    if (input is null) continue;
                    _walker.Transfer(block, input, report: null, static _ => { });
                    if (outputs[k] is not { } previous || !previous.SameAs(input))
                    {
                        stable = false;
                        outputs[k] = input;
                    }
                }
                if (stable) return outputs[outputs.Length - 1];
            }
            return new FlowState(); // did not settle: nothing is known after it
        }

        private readonly Dictionary<ControlFlowRegion, bool> _finallyChanges = new Dictionary<ControlFlowRegion, bool>();

        private bool MayChange(ControlFlowRegion region)
        {
            if (!_finallyChanges.TryGetValue(region, out var changes))
            {
                var blocks = Enumerable.Range(region.FirstBlockOrdinal, region.LastBlockOrdinal - region.FirstBlockOrdinal + 1).Select(i => _graph.Blocks[i]);
                _finallyChanges.Add(region, changes = TransitionWalker.MayChange(blocks));
            }
            return changes;
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

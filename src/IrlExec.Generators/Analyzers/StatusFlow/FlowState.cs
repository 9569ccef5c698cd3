using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace IrlExec.Generators.Analyzers.StatusFlow
{
    /// <summary>What the flow analysis tracks: a local or parameter, or a compiler flow capture (e.g. an object under initialization).</summary>
    internal readonly struct FlowKey : IEquatable<FlowKey>
    {
        private FlowKey(ISymbol? symbol, CaptureId capture, bool isCapture)
        {
            Symbol = symbol;
            Capture = capture;
            IsCapture = isCapture;
        }

        public ISymbol? Symbol { get; }
        public CaptureId Capture { get; }
        public bool IsCapture { get; }

        public static FlowKey For(ISymbol symbol) => new FlowKey(symbol, default, false);

        public static FlowKey For(CaptureId capture) => new FlowKey(null, capture, true);

        public bool Equals(FlowKey other) =>
            IsCapture == other.IsCapture &&
            (IsCapture ? Capture.Equals(other.Capture) : SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol));

        public override bool Equals(object? obj) => obj is FlowKey other && Equals(other);

        public override int GetHashCode() => IsCapture ? Capture.GetHashCode() : SymbolEqualityComparer.Default.GetHashCode(Symbol);
    }

    /// <summary>A known status: an <see cref="ExecutionStatus"/> of a WorkflowExecution, or a <see cref="StepStatus"/> of a StepState.</summary>
    internal readonly struct TrackedStatus : IEquatable<TrackedStatus>
    {
        private TrackedStatus(bool isStep, int value)
        {
            IsStep = isStep;
            Value = value;
        }

        public bool IsStep { get; }
        public int Value { get; }

        public ExecutionStatus Execution => (ExecutionStatus)Value;
        public StepStatus Step => (StepStatus)Value;

        public static TrackedStatus Of(ExecutionStatus status) => new TrackedStatus(false, (int)status);

        public static TrackedStatus Of(StepStatus status) => new TrackedStatus(true, (int)status);

        public bool Equals(TrackedStatus other) => IsStep == other.IsStep && Value == other.Value;

        public override bool Equals(object? obj) => obj is TrackedStatus other && Equals(other);

        public override int GetHashCode() => (Value * 2) + (IsStep ? 1 : 0);
    }

    /// <summary>
    /// The statuses known at one program point. A key that is absent is unknown; merging two points keeps only the keys
    /// on which both agree, so paths that disagree make a status unknown (and unknown statuses are never reported).
    /// </summary>
    internal sealed class FlowState
    {
        private readonly Dictionary<FlowKey, TrackedStatus> _known;

        public FlowState() => _known = new Dictionary<FlowKey, TrackedStatus>();

        private FlowState(Dictionary<FlowKey, TrackedStatus> known) => _known = new Dictionary<FlowKey, TrackedStatus>(known);

        public FlowState Clone() => new FlowState(_known);

        public bool TryGet(FlowKey key, out TrackedStatus status) => _known.TryGetValue(key, out status);

        public void Set(FlowKey key, TrackedStatus status) => _known[key] = status;

        public void Forget(FlowKey key) => _known.Remove(key);

        /// <summary>The meet of two points: a status stays known only where both agree. <paramref name="left"/> null means "not reached yet".</summary>
        public static FlowState Merge(FlowState? left, FlowState right)
        {
            if (left is null) return right.Clone();
            var result = new FlowState();
            foreach (var pair in left._known)
            {
                if (right._known.TryGetValue(pair.Key, out var other) && other.Equals(pair.Value)) result._known.Add(pair.Key, pair.Value);
            }
            return result;
        }

        public bool SameAs(FlowState other)
        {
            if (_known.Count != other._known.Count) return false;
            foreach (var pair in _known)
            {
                if (!other._known.TryGetValue(pair.Key, out var value) || !value.Equals(pair.Value)) return false;
            }
            return true;
        }
    }
}

using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace IrlExec.Generators.Analyzers.StatusFlow
{
    /// <summary>
    /// What the flow analysis follows: a local or parameter, a compiler flow capture (e.g. an object under initialization),
    /// or a field or auto-property of this object (or a static one), followed until code that could assign it runs.
    /// </summary>
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

        /// <summary>A field or property: another method may assign it.</summary>
        public bool IsMember => Symbol is IFieldSymbol or IPropertySymbol;

        public static FlowKey For(ISymbol symbol) => new FlowKey(symbol, default, false);

        public static FlowKey For(CaptureId capture) => new FlowKey(null, capture, true);

        public bool Equals(FlowKey other) =>
            IsCapture == other.IsCapture &&
            (IsCapture ? Capture.Equals(other.Capture) : SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol));

        public override bool Equals(object? obj) => obj is FlowKey other && Equals(other);

        public override int GetHashCode() => IsCapture ? Capture.GetHashCode() : SymbolEqualityComparer.Default.GetHashCode(Symbol);
    }

    /// <summary>
    /// What is known at one program point: which abstract objects (<see cref="TrackedObjects"/>, a set as a bit mask) each
    /// followed variable may refer to, which statuses each object may have, and which status values (a local or a compiler capture holding
    /// <c>x.Status</c>) still describe their object. Anything absent is unknown: a variable whose object is unknown, an
    /// object that may have any status. Merging two points unites the objects a variable may refer to and the statuses an
    /// object may have, so both always hold every possibility there.
    /// </summary>
    internal sealed class FlowState
    {
        private readonly Dictionary<FlowKey, ulong> _references;
        private readonly Dictionary<int, StatusSet> _statuses;
        private readonly Dictionary<FlowKey, int> _statusReads;

        public FlowState()
        {
            _references = new Dictionary<FlowKey, ulong>();
            _statuses = new Dictionary<int, StatusSet>();
            _statusReads = new Dictionary<FlowKey, int>();
        }

        private FlowState(FlowState other)
        {
            _references = new Dictionary<FlowKey, ulong>(other._references);
            _statuses = new Dictionary<int, StatusSet>(other._statuses);
            _statusReads = new Dictionary<FlowKey, int>(other._statusReads);
        }

        public FlowState Clone() => new FlowState(this);

        /// <summary>The objects <paramref name="key"/> may refer to (one bit per object), or 0 when unknown (or not an object the analysis follows).</summary>
        public ulong ObjectsOf(FlowKey key) => _references.TryGetValue(key, out var objects) ? objects : 0;

        /// <summary>The one object <paramref name="key"/> refers to, or null when it is unknown or may be one of several.</summary>
        public int? ObjectOf(FlowKey key) => Single(ObjectsOf(key));

        public void Refer(FlowKey key, ulong objects)
        {
            if (objects != 0) _references[key] = objects;
            else _references.Remove(key);
            _statusReads.Remove(key); // a variable assigned again no longer holds a status read
        }

        /// <summary>Forgets which objects fields and properties refer to: code that may assign them has run.</summary>
        public void ForgetMembers()
        {
            List<FlowKey>? members = null;
            foreach (var key in _references.Keys)
            {
                if (key.IsMember) (members ??= new List<FlowKey>()).Add(key);
            }
            if (members is null) return;
            foreach (var key in members) _references.Remove(key);
        }

        /// <summary>The statuses object <paramref name="id"/> may have, or null when it may have any.</summary>
        public StatusSet? StatusOf(int id) => _statuses.TryGetValue(id, out var set) ? set : null;

        public void SetStatus(int id, StatusSet? set)
        {
            if (set is { IsAll: false } known) _statuses[id] = known;
            else _statuses.Remove(id);
            ForgetReadsOf(id);
        }

        /// <summary>Narrows the statuses of <paramref name="id"/> on a branch edge; the status reads of it still hold.</summary>
        public void NarrowStatus(int id, StatusSet set)
        {
            if (set.IsAll) _statuses.Remove(id);
            else _statuses[id] = set;
        }

        /// <summary>Forgets the statuses of every object that <paramref name="which"/> selects (all of them when null).</summary>
        public void ForgetStatuses(Func<int, bool>? which = null)
        {
            if (which is null)
            {
                _statuses.Clear();
                _statusReads.Clear();
                return;
            }
            var forgotten = new List<int>();
            foreach (var id in _statuses.Keys)
            {
                if (which(id)) forgotten.Add(id);
            }
            foreach (var id in forgotten) SetStatus(id, null);
            var reads = new List<FlowKey>();
            foreach (var pair in _statusReads)
            {
                if (which(pair.Value)) reads.Add(pair.Key);
            }
            foreach (var key in reads) _statusReads.Remove(key);
        }

        /// <summary>
        /// Site <paramref name="id"/> runs again: the object is a new one, so whatever still referred to the previous one
        /// no longer refers to a known object.
        /// </summary>
        public void Renew(int id)
        {
            var stale = new List<FlowKey>();
            foreach (var pair in _references)
            {
                if ((pair.Value & Bit(id)) != 0) stale.Add(pair.Key);
            }
            foreach (var key in stale) _references.Remove(key);
            _statuses.Remove(id);
            ForgetReadsOf(id);
        }

        /// <summary>The object whose status <paramref name="key"/> holds (read since its last transition), or null.</summary>
        public int? StatusReadOf(FlowKey key) => _statusReads.TryGetValue(key, out var id) ? id : null;

        public void SetStatusRead(FlowKey key, int id) => _statusReads[key] = id;

        private void ForgetReadsOf(int id)
        {
            List<FlowKey>? stale = null;
            foreach (var pair in _statusReads)
            {
                if (pair.Value == id) (stale ??= new List<FlowKey>()).Add(pair.Key);
            }
            if (stale is null) return;
            foreach (var key in stale) _statusReads.Remove(key);
        }

        /// <summary>The meet of two points. <paramref name="left"/> null means "not reached yet".</summary>
        public static FlowState Merge(FlowState? left, FlowState right)
        {
            if (left is null) return right.Clone();
            var result = new FlowState();
            foreach (var pair in left._references)
            {
                if (right._references.TryGetValue(pair.Key, out var other)) result._references.Add(pair.Key, pair.Value | other);
            }
            foreach (var pair in left._statuses)
            {
                if (right._statuses.TryGetValue(pair.Key, out var other)) result._statuses.Add(pair.Key, pair.Value.Union(other));
            }
            foreach (var pair in left._statusReads)
            {
                if (right._statusReads.TryGetValue(pair.Key, out var other) && other == pair.Value) result._statusReads.Add(pair.Key, pair.Value);
            }
            return result;
        }

        /// <summary>The bit of object <paramref name="id"/> (objects beyond the 64th are never referred to: unknown).</summary>
        public static ulong Bit(int id) => id is >= 0 and < 64 ? 1UL << id : 0;

        /// <summary>The object of a set of one, or null.</summary>
        public static int? Single(ulong objects)
        {
            if (objects == 0 || (objects & (objects - 1)) != 0) return null;
            var id = 0;
            while ((objects & 1) == 0)
            {
                objects >>= 1;
                id++;
            }
            return id;
        }

        /// <summary>The objects of a set.</summary>
        public static IEnumerable<int> Members(ulong objects)
        {
            for (var id = 0; objects != 0; id++, objects >>= 1)
            {
                if ((objects & 1) != 0) yield return id;
            }
        }

        public bool SameAs(FlowState other) =>
            Same(_references, other._references) && Same(_statuses, other._statuses) && Same(_statusReads, other._statusReads);

        private static bool Same<TKey, TValue>(Dictionary<TKey, TValue> left, Dictionary<TKey, TValue> right)
            where TKey : notnull
        {
            if (left.Count != right.Count) return false;
            foreach (var pair in left)
            {
                if (!right.TryGetValue(pair.Key, out var value) || !EqualityComparer<TValue>.Default.Equals(value, pair.Value)) return false;
            }
            return true;
        }
    }
}

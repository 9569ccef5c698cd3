using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace IrlExec.Generators.Model
{
    /// <summary>An immutable array compared by its elements, so pipeline models that hold lists stay cacheable.</summary>
    internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        private readonly T[]? _items;

        public EquatableArray(T[] items) => _items = items;

        public EquatableArray(IEnumerable<T> items) => _items = ToArray(items);

        public static EquatableArray<T> Empty => new EquatableArray<T>(Array.Empty<T>());

        public int Count => _items?.Length ?? 0;

        public T this[int index] => (_items ?? Array.Empty<T>())[index];

        public bool Equals(EquatableArray<T> other)
        {
            var a = _items ?? Array.Empty<T>();
            var b = other._items ?? Array.Empty<T>();
            if (a.Length != b.Length) return false;
            for (var i = 0; i < a.Length; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(a[i], b[i])) return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                var hash = 17;
                foreach (var item in _items ?? Array.Empty<T>())
                {
                    hash = (hash * 31) + (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item));
                }
                return hash;
            }
        }

        // One copy: a collection (the parser's lists) is copied straight into the array, an empty one takes none.
        private static T[] ToArray(IEnumerable<T> items)
        {
            if (items is not ICollection<T> collection) return new List<T>(items).ToArray();
            if (collection.Count == 0) return Array.Empty<T>();
            var array = new T[collection.Count];
            collection.CopyTo(array, 0);
            return array;
        }

        /// <summary>A struct enumerator: <c>foreach</c> over a model's arrays allocates nothing (the emitter loops over each step's inputs and outputs several times).</summary>
        public Enumerator GetEnumerator() => new Enumerator(_items ?? Array.Empty<T>());

        IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<T>)this).GetEnumerator();

        /// <summary>Enumerates the items in order.</summary>
        public struct Enumerator
        {
            private readonly T[] _items;
            private int _index;

            internal Enumerator(T[] items)
            {
                _items = items;
                _index = -1;
            }

            public readonly T Current => _items[_index];

            public bool MoveNext() => ++_index < _items.Length;
        }

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
    }

    internal static class EquatableArray
    {
        public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
            where T : IEquatable<T> => new EquatableArray<T>(items);

        public static EquatableArray<T> ToEquatableArray<T>(this ImmutableArray<T> items)
            where T : IEquatable<T> => new EquatableArray<T>(items.IsDefault ? Array.Empty<T>() : items.ToArray());
    }
}

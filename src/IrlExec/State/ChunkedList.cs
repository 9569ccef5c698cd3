namespace IrlExec;

/// <summary>
/// A list that grows by arrays of <see cref="ChunkSize"/> items: what it holds is never copied, no array is larger than
/// a chunk, and the chunks are kept (cleared) for reuse after <see cref="Clear"/>. A run's history and log grow one item
/// at a time: a <see cref="List{T}"/> there allocates about twice what it holds (each doubling copies the array) and,
/// past 85 KB, on the large-object heap.
/// </summary>
internal sealed class ChunkedList<T>
    where T : class
{
    /// <summary>Items per chunk (1 KB of references).</summary>
    internal const int ChunkSize = 128;

    private readonly List<T[]> _chunks = [];

    /// <summary>How many items it holds.</summary>
    public int Count { get; private set; }

    /// <summary>The item at <paramref name="index"/> (not checked beyond the chunks: the caller stays below <see cref="Count"/>).</summary>
    public T this[int index] => _chunks[index / ChunkSize][index % ChunkSize];

    /// <summary>Adds <paramref name="item"/> at the end.</summary>
    public void Add(T item)
    {
        var chunk = Count / ChunkSize;
        if (chunk == _chunks.Count) _chunks.Add(new T[ChunkSize]);
        _chunks[chunk][Count % ChunkSize] = item;
        Count++;
    }

    /// <summary>Removes every item; the chunks stay for the items added next.</summary>
    public void Clear()
    {
        var chunks = (Count + ChunkSize - 1) / ChunkSize;
        for (var i = 0; i < chunks; i++) Array.Clear(_chunks[i]);
        Count = 0;
    }

    /// <summary>Appends every item, in order, to <paramref name="list"/>.</summary>
    public void AppendTo(List<T> list)
    {
        var left = Count;
        foreach (var chunk in _chunks)
        {
            if (left == 0) break;
            var take = Math.Min(left, ChunkSize);
            list.AddRange(new ArraySegment<T>(chunk, 0, take));
            left -= take;
        }
    }
}

using System.Text.Json.Serialization.Metadata;

namespace IrlExec;

/// <summary>
/// The values of a <see cref="VariableStore"/> that share one JSON contract, one per row of one array: a variable is a
/// row, not an object. An int variable is four bytes of an <c>int[]</c>, so a store of many variables holds a few arrays
/// the collector looks at once, not one object (with references) per variable.
/// </summary>
/// <remarks>A row freed when its variable takes another type is reused by the next value of this column.</remarks>
internal abstract class VariableColumn
{
    /// <summary>The contract the values are written with (a <see cref="JsonTypeInfo{T}"/>); null for the JSON column.</summary>
    public abstract object? Contract { get; }

    /// <summary>The value of <paramref name="row"/> as JSON text.</summary>
    public abstract string ToJson(int row);

    /// <summary>The value of <paramref name="row"/> in a slot of its own (to hand it to another store).</summary>
    public abstract VariableSlot ToSlot(int row, bool isSecret);

    /// <summary>Forgets the value of <paramref name="row"/>; the row is reused.</summary>
    public abstract void Free(int row);

    /// <summary>Forgets every value.</summary>
    public abstract void Clear();
}

/// <summary>The rows of a column: values of <typeparamref name="TStored"/>, and the freed rows to reuse.</summary>
internal abstract class VariableColumn<TStored> : VariableColumn
{
    public TStored[] Values = [];
    private int _count;
    private int[] _free = [];
    private int _freeCount;

    /// <summary>Stores <paramref name="value"/> in a free row (or a new one) and returns that row.</summary>
    public int Add(TStored value)
    {
        int row;
        if (_freeCount > 0)
        {
            row = _free[--_freeCount];
        }
        else
        {
            if (_count == Values.Length) Array.Resize(ref Values, Math.Max(4, _count * 2));
            row = _count++;
        }
        Values[row] = value;
        return row;
    }

    public override void Free(int row)
    {
        Values[row] = default!; // no reference kept to a value nobody can read
        if (_freeCount == _free.Length) Array.Resize(ref _free, Math.Max(4, _freeCount * 2));
        _free[_freeCount++] = row;
    }

    public override void Clear()
    {
        Array.Clear(Values, 0, _count);
        _count = 0;
        _freeCount = 0;
    }
}

/// <summary>Typed values published or read as <typeparamref name="T"/> with one contract: a read of the same type is an array read.</summary>
internal sealed class TypedColumn<T>(JsonTypeInfo<T> typeInfo) : VariableColumn<T>
{
    public readonly JsonTypeInfo<T> TypeInfo = typeInfo;

    public override object? Contract => TypeInfo;

    public override string ToJson(int row) => VariableJson.Write(Values[row], TypeInfo);

    public override VariableSlot ToSlot(int row, bool isSecret) => new TypedSlot<T>(Values[row], TypeInfo, isSecret);
}

/// <summary>Values held as JSON text (read back from history or set as JSON) until someone reads them as a type.</summary>
internal sealed class JsonColumn : VariableColumn<string>
{
    public override object? Contract => null;

    public override string ToJson(int row) => Values[row];

    public override VariableSlot ToSlot(int row, bool isSecret) => new JsonSlot(Values[row], isSecret);
}

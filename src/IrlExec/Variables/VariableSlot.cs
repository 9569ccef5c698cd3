using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IrlExec;

/// <summary>
/// Holds one variable. A typed slot keeps the CLR value as it was published (a read of the same type is a field read,
/// no boxing, no serialization); a JSON slot holds a value read back from history until someone asks for its type.
/// </summary>
internal abstract class VariableSlot
{
    protected VariableSlot(bool isSecret) => IsSecret = isSecret;

    public bool IsSecret { get; }

    /// <summary>The value as JSON text (serialized on demand: only when state is persisted).</summary>
    public abstract string ToJson();

    /// <summary>
    /// Copies this slot's value into <paramref name="target"/> when it holds the same kind of value (same type, same
    /// JSON contract, same secrecy), so a store can overwrite its own slot in place instead of allocating one.
    /// </summary>
    public abstract bool TryCopyInto(VariableSlot target);

    /// <summary>A slot of its own for a store to keep: the owner of this one may reuse it for the next value.</summary>
    public abstract VariableSlot Clone();
}

internal sealed class TypedSlot<T>(T value, JsonTypeInfo<T> typeInfo, bool isSecret) : VariableSlot(isSecret)
{
    public T Value = value;
    public readonly JsonTypeInfo<T> TypeInfo = typeInfo;

    public override string ToJson()
    {
        // IrlExec's own contracts for int, long and bool write what these do (no options change how they are written),
        // without the serializer's writer and buffers: the steady state of a step that publishes a number.
        if (typeof(T) == typeof(int) && ReferenceEquals(TypeInfo, JsonTypes.Int32)) return ((int)(object)Value!).ToString(CultureInfo.InvariantCulture);
        if (typeof(T) == typeof(long) && ReferenceEquals(TypeInfo, JsonTypes.Int64)) return ((long)(object)Value!).ToString(CultureInfo.InvariantCulture);
        if (typeof(T) == typeof(bool) && ReferenceEquals(TypeInfo, JsonTypes.Boolean)) return (bool)(object)Value! ? "true" : "false";
        return JsonSerializer.Serialize(Value, TypeInfo);
    }

    /// <summary>Whether this slot can take a value of <typeparamref name="T"/> with this contract and secrecy in place.</summary>
    public bool Holds(JsonTypeInfo<T> typeInfo, bool isSecret) => IsSecret == isSecret && ReferenceEquals(TypeInfo, typeInfo);

    public override bool TryCopyInto(VariableSlot target)
    {
        if (target is not TypedSlot<T> typed || !typed.Holds(TypeInfo, IsSecret)) return false;
        typed.Value = Value;
        return true;
    }

    public override VariableSlot Clone() => new TypedSlot<T>(Value, TypeInfo, IsSecret);
}

internal sealed class JsonSlot(string json, bool isSecret) : VariableSlot(isSecret)
{
    public string Json { get; } = json;

    public override string ToJson() => Json;

    // Immutable: sharing it is as good as a copy.
    public override bool TryCopyInto(VariableSlot target) => false;

    public override VariableSlot Clone() => this;
}

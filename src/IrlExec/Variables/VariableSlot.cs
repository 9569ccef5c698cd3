using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IrlExec;

/// <summary>
/// One value on its way into a <see cref="VariableStore"/>: a step's staged output, or a value copied from another store.
/// A typed slot keeps the CLR value as it was published; a JSON slot holds a value read back from history. The store
/// copies the value into its own columns (<see cref="VariableColumn"/>) and never keeps the slot.
/// </summary>
internal abstract class VariableSlot
{
    protected VariableSlot(bool isSecret) => IsSecret = isSecret;

    public bool IsSecret { get; }

    /// <summary>The value as JSON text (serialized on demand: only when state is persisted).</summary>
    public abstract string ToJson();

    /// <summary>Sets <paramref name="name"/> in <paramref name="store"/> to this value; true when it took a new row there.</summary>
    public abstract bool CopyTo(VariableStore store, string name);
}

internal sealed class TypedSlot<T>(T value, JsonTypeInfo<T> typeInfo, bool isSecret) : VariableSlot(isSecret)
{
    private T _value = value;
    // The JSON of _value once written (the runner writes a published value's JSON for its record): handed to the store
    // with the value, so that the next step's input reading it renders this text instead of writing the value again.
    private string? _json;
    public readonly JsonTypeInfo<T> TypeInfo = typeInfo;

    public T Value
    {
        get => _value;
        set
        {
            _value = value;
            _json = null;
        }
    }

    public override string ToJson() => _json ??= VariableJson.Write(_value, TypeInfo);

    /// <summary>Whether this slot can take a value of <typeparamref name="T"/> with this contract and secrecy in place.</summary>
    public bool Holds(JsonTypeInfo<T> typeInfo, bool isSecret) => IsSecret == isSecret && ReferenceEquals(TypeInfo, typeInfo);

    public override bool CopyTo(VariableStore store, string name) => store.SetValue(name, _value, TypeInfo, IsSecret, _json);
}

internal sealed class JsonSlot(string json, bool isSecret) : VariableSlot(isSecret)
{
    public string Json { get; } = json;

    public override string ToJson() => Json;

    public override bool CopyTo(VariableStore store, string name) => store.SetJsonValue(name, Json, IsSecret);
}

/// <summary>How a typed variable value is written as JSON.</summary>
internal static class VariableJson
{
    public static string Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        // IrlExec's own contracts for int, long and bool write what these do (no options change how they are written),
        // without the serializer's writer and buffers: the steady state of a step that publishes a number.
        if (typeof(T) == typeof(int) && ReferenceEquals(typeInfo, JsonTypes.Int32)) return ((int)(object)value!).ToString(CultureInfo.InvariantCulture);
        if (typeof(T) == typeof(long) && ReferenceEquals(typeInfo, JsonTypes.Int64)) return ((long)(object)value!).ToString(CultureInfo.InvariantCulture);
        if (typeof(T) == typeof(bool) && ReferenceEquals(typeInfo, JsonTypes.Boolean)) return (bool)(object)value! ? "true" : "false";
        return JsonSerializer.Serialize(value, typeInfo);
    }
}

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
}

internal sealed class TypedSlot<T>(T value, JsonTypeInfo<T> typeInfo, bool isSecret) : VariableSlot(isSecret)
{
    public T Value = value;
    public readonly JsonTypeInfo<T> TypeInfo = typeInfo;

    public override string ToJson() => JsonSerializer.Serialize(Value, TypeInfo);
}

internal sealed class JsonSlot(string json, bool isSecret) : VariableSlot(isSecret)
{
    public string Json { get; } = json;

    public override string ToJson() => Json;
}

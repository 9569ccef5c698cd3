using System.Text.Json.Serialization.Metadata;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// The outputs a step attempt publishes. They are staged here and become variables only when the attempt completes,
/// so a failing step never leaves half its outputs behind. Used by step definitions (generated or hand-written).
/// </summary>
public sealed class StepOutputs
{
    private readonly List<KeyValuePair<string, VariableSlot>> _staged = [];

    internal StepOutputs() { }

    internal IReadOnlyList<KeyValuePair<string, VariableSlot>> Staged => _staged;

    /// <summary>Publishes <paramref name="value"/> as the variable <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid snake_case variable name.</exception>
    public void Set<T>(string name, T value, JsonTypeInfo<T> typeInfo, bool isSecret = false)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (!VariableNaming.IsValidVariableName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid variable name: use snake_case.", nameof(name));
        }
        var slot = new KeyValuePair<string, VariableSlot>(name, new TypedSlot<T>(value, typeInfo, isSecret));
        // A plain loop, not RemoveAll with a lambda: that allocated a closure for every published output.
        for (var i = 0; i < _staged.Count; i++)
        {
            if (string.Equals(_staged[i].Key, name, StringComparison.Ordinal))
            {
                _staged[i] = slot;
                return;
            }
        }
        _staged.Add(slot);
    }

    /// <summary>Publishes a string.</summary>
    public void Set(string name, string value, bool isSecret = false) => Set(name, value, IrlExecJsonContext.Default.String, isSecret);

    internal void Clear() => _staged.Clear();
}

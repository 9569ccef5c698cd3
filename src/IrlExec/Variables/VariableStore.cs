using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// The variables of one execution: typed values keyed by snake_case name, persisted as System.Text.Json values.
/// Not thread-safe: an execution runs one step at a time.
/// </summary>
public sealed class VariableStore : IReadOnlyVariables
{
    private readonly Dictionary<string, VariableSlot> _slots = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withheldSecrets = new(StringComparer.Ordinal);

    // Reads by position for generated bindings (GetAt): the slot found for each position of one name table, valid while
    // _version has not moved. _version moves whenever a slot object is added, replaced or removed; a value overwritten
    // in place keeps its slot, so the steady state of a run (the same outputs published at every step) keeps the cache.
    private int _version;
    private VariableNameTable? _table;
    private VariableSlot?[] _byPosition = [];
    private int[] _byPositionVersion = [];

    /// <inheritdoc />
    public IEnumerable<string> Names => _slots.Keys;

    /// <summary>How many variables are set.</summary>
    public int Count => _slots.Count;

    /// <inheritdoc />
    public bool Contains(string name) => _slots.ContainsKey(name);

    /// <inheritdoc />
    public bool IsSecret(string name) => _slots.TryGetValue(name, out var slot) && slot.IsSecret;

    /// <summary>
    /// Sets <paramref name="name"/> to a typed value, serialized with <paramref name="typeInfo"/> only when persisted. A
    /// secret (<paramref name="isSecret"/>) is written as <c>***</c>, and masked wherever its text appears in what is written.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="name"/> is not a valid snake_case variable name; or the value is a secret too short to be masked:
    /// a non-empty secret, and each string and number inside one, must have at least 4 characters (docs/runtime.md#secrets).
    /// </exception>
    public void Set<T>(string name, T value, JsonTypeInfo<T> typeInfo, bool isSecret = false)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        EnsureValidName(name);
        if (isSecret)
        {
            // Known (and checked) before it is kept: a secret too short to be masked is refused here.
            if (value is string text) Secrets.AddText(name, text);
            else Secrets.AddJson(name, JsonSerializer.Serialize(value, typeInfo));
        }
        if (_slots.TryGetValue(name, out var existing) && existing is TypedSlot<T> typed && typed.Holds(typeInfo, isSecret))
        {
            typed.Value = value; // same type: overwrite in place, no allocation.
            return;
        }
        _slots[name] = new TypedSlot<T>(value, typeInfo, isSecret);
        _version++;
        _withheldSecrets.Remove(name);
    }

    /// <summary>Sets <paramref name="name"/> to a string.</summary>
    /// <exception cref="ArgumentException">The name is invalid, or the value is a secret of 1 to 3 characters.</exception>
    public void Set(string name, string value, bool isSecret = false) =>
        Set(name, value, IrlExecJsonContext.Default.String, isSecret);

    /// <summary>Sets <paramref name="name"/> from JSON text (as read back from history or given on a command line).</summary>
    /// <exception cref="ArgumentException">The text is not valid JSON, or is a secret too short to be masked (see <see cref="Set{T}"/>).</exception>
    public void SetJson(string name, string json, bool isSecret = false)
    {
        EnsureValidName(name);
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            // The parser's message quotes the text around the error: never for a secret.
            throw new ArgumentException($"The value of variable '{name}' is not valid JSON" + (isSecret ? "." : $": {e.Message}"), nameof(json), isSecret ? null : e);
        }
        if (isSecret) Secrets.AddJson(name, json);
        _slots[name] = new JsonSlot(json, isSecret);
        _version++;
        _withheldSecrets.Remove(name);
    }

    /// <inheritdoc />
    public T Get<T>(string name, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var slot = Find(name);
        if (slot is TypedSlot<T> typed) return typed.Value;
        T value;
        try
        {
            value = JsonSerializer.Deserialize(slot.ToJson(), typeInfo)!;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new VariableTypeException(name, typeof(T).Name, e);
        }
        _slots[name] = new TypedSlot<T>(value, typeInfo, slot.IsSecret); // cache: the next read is a field read.
        _version++;
        return value;
    }

    /// <summary>Reads <paramref name="name"/> as <typeparamref name="T"/>, or returns false when it is not set.</summary>
    public bool TryGet<T>(string name, JsonTypeInfo<T> typeInfo, out T value)
    {
        if (!_slots.ContainsKey(name))
        {
            value = default!;
            return false;
        }
        value = Get(name, typeInfo);
        return true;
    }

    /// <inheritdoc />
    public string GetString(string name) => GetString(Find(name));

    private static string GetString(VariableSlot slot)
    {
        if (slot is TypedSlot<string> s) return s.Value;
        var json = slot.ToJson();
        // Only a JSON string needs decoding; any other value (number, bool, object, array, null) is its JSON text.
        var start = json.AsSpan().TrimStart();
        if (start.IsEmpty || start[0] != '"') return json;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString()! : json;
    }

    /// <inheritdoc />
    public string GetJson(string name) => Find(name).ToJson();

    /// <inheritdoc />
    public string Render(string template) => Render(template, TemplateParser.Parse(template));

    // Render of a template parsed before (a plan's input references are parsed once).
    internal string Render(string template, TemplateParseResult parsed) => Render(template, parsed, out _);

    // Render of a template parsed before; readsSecret: whether a variable it reads holds a secret. One lookup per variable.
    internal string Render(string template, TemplateParseResult parsed, out bool readsSecret)
    {
        if (!parsed.Success) throw new TemplateFormatException(template, parsed.Error!, parsed.ErrorOffset);
        readsSecret = false;
        var segments = parsed.Segments;
        if (segments.Count == 1)
        {
            // A template that is one text, or one variable (an input bound to a variable: the usual case), needs no builder.
            var only = segments[0];
            if (!only.IsVariable) return template;
            if (!_slots.TryGetValue(only.Text, out var slot)) throw Unknown(only.Text, $"template \"{template}\"");
            readsSecret = slot.IsSecret;
            return GetString(slot);
        }
        var builder = new StringBuilder(template.Length + 32);
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (!segment.IsVariable)
            {
                builder.Append(segment.Text);
                continue;
            }
            if (!_slots.TryGetValue(segment.Text, out var slot)) throw Unknown(segment.Text, $"template \"{template}\"");
            readsSecret |= slot.IsSecret;
            builder.Append(GetString(slot));
        }
        return builder.ToString();
    }

    /// <summary>Removes every variable.</summary>
    public void Clear()
    {
        _slots.Clear();
        _version++;
    }

    // Get<T> of the name at a position of a generated binding's table.
    internal T GetAt<T>(VariableNameTable names, int index, JsonTypeInfo<T> typeInfo)
    {
        if (SlotAt(names, index) is TypedSlot<T> typed) return typed.Value;
        return Get(names[index], typeInfo); // not set (throws), or held as JSON or as another type: convert and cache
    }

    // GetString of the name at a position of a generated binding's table.
    internal string GetStringAt(VariableNameTable names, int index) =>
        SlotAt(names, index) is TypedSlot<string> typed ? typed.Value : GetString(names[index]);

    private VariableSlot? SlotAt(VariableNameTable names, int index)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (!ReferenceEquals(_table, names))
        {
            // One execution runs one workflow, so this happens once; another table (another workflow) starts over.
            _table = names;
            _byPosition = new VariableSlot?[names.Count];
            _byPositionVersion = new int[names.Count];
            Array.Fill(_byPositionVersion, -1);
        }
        if (_byPositionVersion[index] == _version) return _byPosition[index];
        _slots.TryGetValue(names[index], out var slot);
        _byPosition[index] = slot;
        _byPositionVersion[index] = _version;
        return slot;
    }

    internal VariableSlot Find(string name)
    {
        return _slots.TryGetValue(name, out var slot) ? slot : throw Unknown(name, null);
    }

    private UnknownVariableException Unknown(string name, string? usage) =>
        _withheldSecrets.Contains(name)
            ? new UnknownVariableException(name, Names, (usage is null ? "" : usage + " in ") + "a resumed execution: secrets are never written to the history, so pass the secret again when resuming")
            : new UnknownVariableException(name, Names, usage);

    /// <summary>
    /// Every secret these variables have held, with the forms it can be written in: what text and JSON bound for a file
    /// are masked with. Kept as secrets are set, so masking never walks the variables.
    /// </summary>
    internal SecretMasker Secrets { get; } = new();

    internal void MarkWithheldSecret(string name) => _withheldSecrets.Add(name);

    /// <summary>
    /// Sets <paramref name="name"/> to the value held by <paramref name="slot"/>, which stays its owner's: the value is
    /// copied into this store's own slot when that holds the same type (no allocation: how a step's outputs are published
    /// at every attempt), else into a new slot. The slot itself is never kept, so its owner may reuse it.
    /// </summary>
    /// <exception cref="ArgumentException">The slot holds a secret too short to be masked.</exception>
    internal void SetSlot(string name, VariableSlot slot) => Set(name, slot, adopt: false);

    /// <summary>
    /// <see cref="SetSlot"/>, except that when the value is not copied into a slot of this store's (a new name, or another
    /// type), <paramref name="slot"/> itself becomes this store's: true then, and its former owner must let go of it.
    /// </summary>
    /// <exception cref="ArgumentException">The slot holds a secret too short to be masked.</exception>
    internal bool AdoptSlot(string name, VariableSlot slot) => Set(name, slot, adopt: true);

    private bool Set(string name, VariableSlot slot, bool adopt)
    {
        if (slot.IsSecret) Secrets.Add(name, slot);
        ref var existing = ref CollectionsMarshal.GetValueRefOrAddDefault(_slots, name, out var exists);
        var adopted = false;
        if (!exists || !slot.TryCopyInto(existing!))
        {
            existing = adopt ? slot : slot.Clone();
            adopted = adopt;
            _version++;
        }
        _withheldSecrets.Remove(name);
        return adopted;
    }

    internal IEnumerable<KeyValuePair<string, VariableSlot>> Slots => _slots;

    internal bool TryGetSlot(string name, out VariableSlot slot) => _slots.TryGetValue(name, out slot!);

    private static void EnsureValidName(string name)
    {
        if (!VariableNaming.IsValidVariableName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid variable name: use snake_case (a lowercase letter, then lowercase letters, digits or underscores).", nameof(name));
        }
    }
}

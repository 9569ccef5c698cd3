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
    // A variable is a number (the order its name was first set in: _index), and an entry saying in which column and row
    // its value is. Values live in one column per JSON contract (VariableColumns.cs): an int variable is four bytes of an
    // int[], not an object. A run that sets a new variable at every step keeps no object per variable, only the index's
    // entry and a row: what the collector looks at does not grow by an object (and a reference to scan) per variable.
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private Entry[] _entries = [];
    private VariableColumn[] _columns = [new JsonColumn()]; // column 0 holds JSON text
    private int _columnCount = 1;
    private int _lastColumn; // the column found last: a step publishes values of a type or two
    private readonly HashSet<string> _withheldSecrets = new(StringComparer.Ordinal);

    // The JSON text of one variable's current value, when it came written (SetValue's json: a step's output, whose JSON
    // the runner wrote for its record): the next step's input that reads it renders this text instead of writing the value
    // again. One variable, the last set with its text: nothing kept per variable. -1: none.
    private int _writtenNumber = -1;
    private string? _written;

    // Reads by position for generated bindings (GetAt): the number of the name at each position of one name table, plus
    // one (0: not found yet). A name keeps its number until Clear, which forgets the table.
    private VariableNameTable? _table;
    private int[] _byPosition = [];

    /// <inheritdoc />
    public IEnumerable<string> Names => _index.Keys;

    /// <summary>How many variables are set.</summary>
    public int Count => _index.Count;

    /// <inheritdoc />
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <inheritdoc />
    public bool IsSecret(string name) => _index.TryGetValue(name, out var number) && _entries[number].IsSecret;

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
        SetValue(name, value, typeInfo, isSecret);
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
        SetJsonValue(name, json, isSecret);
    }

    // Sets a value already checked (name, secret): in the variable's row when it holds the same contract, else in a row
    // of that contract's column. True when the value took a new row (a new name, or another type than before).
    // json: the value's JSON as VariableJson.Write writes it, when the caller has it (kept for GetString), else null.
    internal bool SetValue<T>(string name, T value, JsonTypeInfo<T> typeInfo, bool isSecret, string? json = null)
    {
        var column = ColumnOf(typeInfo);
        ref var entry = ref EntryFor(name, out var exists, out var number);
        if (json is not null)
        {
            _writtenNumber = number;
            _written = json;
        }
        else if (number == _writtenNumber)
        {
            _writtenNumber = -1;
        }
        var newRow = !exists || entry.Column != column;
        if (newRow)
        {
            if (exists) _columns[entry.Column].Free(entry.Row);
            entry.Column = column;
            entry.Row = ((TypedColumn<T>)_columns[column]).Add(value);
        }
        else
        {
            ((TypedColumn<T>)_columns[column]).Values[entry.Row] = value; // same type: overwrite in place, no allocation.
        }
        entry.IsSecret = isSecret;
        if (_withheldSecrets.Count > 0) _withheldSecrets.Remove(name);
        return newRow;
    }

    // SetValue for JSON text already checked.
    internal bool SetJsonValue(string name, string json, bool isSecret)
    {
        ref var entry = ref EntryFor(name, out var exists, out var number);
        if (number == _writtenNumber) _writtenNumber = -1;
        var newRow = !exists || entry.Column != 0;
        if (newRow)
        {
            if (exists) _columns[entry.Column].Free(entry.Row);
            entry.Column = 0;
            entry.Row = ((JsonColumn)_columns[0]).Add(json);
        }
        else
        {
            ((JsonColumn)_columns[0]).Values[entry.Row] = json;
        }
        entry.IsSecret = isSecret;
        if (_withheldSecrets.Count > 0) _withheldSecrets.Remove(name);
        return newRow;
    }

    // The entry of name; a new one (numbered next) when the name is not set.
    private ref Entry EntryFor(string name, out bool exists, out int number)
    {
        ref var found = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, name, out exists);
        if (!exists)
        {
            found = _index.Count - 1;
            if (found == _entries.Length) Array.Resize(ref _entries, Math.Max(4, found * 2));
        }
        number = found;
        return ref _entries[number];
    }

    // Below this many variables a store grows as they come; from it on, a run sizes it for its plan's names at once.
    internal const int SizedFrom = 64;

    // Room for count variables: a run whose plan publishes many names makes its index and entries once, not by doubling.
    internal void Reserve(int count)
    {
        _index.EnsureCapacity(count);
        if (_entries.Length < count) Array.Resize(ref _entries, count);
    }

    // The column of values written with typeInfo: found by reference (a workflow uses a few contracts), made when new.
    private int ColumnOf<T>(JsonTypeInfo<T> typeInfo)
    {
        if (ReferenceEquals(_columns[_lastColumn].Contract, typeInfo)) return _lastColumn;
        for (var i = 1; i < _columnCount; i++)
        {
            if (ReferenceEquals(_columns[i].Contract, typeInfo)) return _lastColumn = i;
        }
        if (_columnCount == _columns.Length) Array.Resize(ref _columns, _columnCount * 2);
        _columns[_columnCount] = new TypedColumn<T>(typeInfo);
        return _lastColumn = _columnCount++;
    }

    /// <inheritdoc />
    public T Get<T>(string name, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Get(Find(name), name, typeInfo);
    }

    private T Get<T>(int number, string name, JsonTypeInfo<T> typeInfo)
    {
        var entry = _entries[number];
        if (_columns[entry.Column] is TypedColumn<T> typed) return typed.Values[entry.Row];
        T value;
        try
        {
            value = JsonSerializer.Deserialize(_columns[entry.Column].ToJson(entry.Row), typeInfo)!;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new VariableTypeException(name, typeof(T).Name, e);
        }
        SetValue(name, value, typeInfo, entry.IsSecret); // cache: the next read is an array read.
        return value;
    }

    /// <summary>Reads <paramref name="name"/> as <typeparamref name="T"/>, or returns false when it is not set.</summary>
    public bool TryGet<T>(string name, JsonTypeInfo<T> typeInfo, out T value)
    {
        if (!_index.ContainsKey(name))
        {
            value = default!;
            return false;
        }
        value = Get(name, typeInfo);
        return true;
    }

    /// <inheritdoc />
    public string GetString(string name) => GetString(Find(name));

    private string GetString(int number)
    {
        var entry = _entries[number];
        var column = _columns[entry.Column];
        if (column is TypedColumn<string> s) return s.Values[entry.Row];
        var json = number == _writtenNumber ? _written! : column.ToJson(entry.Row);
        // Only a JSON string needs decoding; any other value (number, bool, object, array, null) is its JSON text.
        var start = json.AsSpan().TrimStart();
        if (start.IsEmpty || start[0] != '"') return json;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString()! : json;
    }

    /// <inheritdoc />
    public string GetJson(string name)
    {
        var number = Find(name);
        if (number == _writtenNumber) return _written!;
        var entry = _entries[number];
        return _columns[entry.Column].ToJson(entry.Row);
    }

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
            if (!_index.TryGetValue(only.Text, out var number)) throw Unknown(only.Text, $"template \"{template}\"");
            readsSecret = _entries[number].IsSecret;
            return GetString(number);
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
            if (!_index.TryGetValue(segment.Text, out var number)) throw Unknown(segment.Text, $"template \"{template}\"");
            readsSecret |= _entries[number].IsSecret;
            builder.Append(GetString(number));
        }
        return builder.ToString();
    }

    /// <summary>Removes every variable.</summary>
    public void Clear()
    {
        _index.Clear();
        for (var i = 0; i < _columnCount; i++) _columns[i].Clear();
        _writtenNumber = -1;
        _written = null;
        _table = null; // numbers start over
    }

    // Get<T> of the name at a position of a generated binding's table.
    internal T GetAt<T>(VariableNameTable names, int index, JsonTypeInfo<T> typeInfo)
    {
        var number = NumberAt(names, index);
        if (number >= 0)
        {
            var entry = _entries[number];
            if (_columns[entry.Column] is TypedColumn<T> typed) return typed.Values[entry.Row];
        }
        return Get(names[index], typeInfo); // not set (throws), or held as JSON or as another type: convert and cache
    }

    // GetString of the name at a position of a generated binding's table.
    internal string GetStringAt(VariableNameTable names, int index)
    {
        var number = NumberAt(names, index);
        return number >= 0 ? GetString(number) : GetString(names[index]);
    }

    // The number of the name at a position of a generated binding's table, or -1 when it is not set.
    private int NumberAt(VariableNameTable names, int index)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (!ReferenceEquals(_table, names))
        {
            // One execution runs one workflow, so this happens once; another table (another workflow) starts over.
            _table = names;
            _byPosition = new int[names.Count];
        }
        var known = _byPosition[index];
        if (known > 0) return known - 1;
        if (!_index.TryGetValue(names[index], out var number)) return -1;
        _byPosition[index] = number + 1;
        return number;
    }

    private int Find(string name) => _index.TryGetValue(name, out var number) ? number : throw Unknown(name, null);

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
    /// Sets <paramref name="name"/> to the value held by <paramref name="slot"/>, copied into this store (the slot stays
    /// its owner's, who may reuse it). True when the value took a new row: the name was not set, or held another type.
    /// </summary>
    /// <exception cref="ArgumentException">The slot holds a secret too short to be masked.</exception>
    internal bool SetSlot(string name, VariableSlot slot)
    {
        if (slot.IsSecret) Secrets.Add(name, slot);
        return slot.CopyTo(this, name);
    }

    /// <summary>Each variable with its value in a new slot: to copy or record every variable (at a start, a migration).</summary>
    internal IEnumerable<KeyValuePair<string, VariableSlot>> Slots
    {
        get
        {
            foreach (var (name, number) in _index)
            {
                var entry = _entries[number];
                yield return new KeyValuePair<string, VariableSlot>(name, _columns[entry.Column].ToSlot(entry.Row, entry.IsSecret));
            }
        }
    }

    private static void EnsureValidName(string name)
    {
        if (!VariableNaming.IsValidVariableName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid variable name: use snake_case (a lowercase letter, then lowercase letters, digits or underscores).", nameof(name));
        }
    }

    // Where a variable's value is. A struct in one array: no object per variable.
    private struct Entry
    {
        public int Column;
        public int Row;
        public bool IsSecret;
    }
}

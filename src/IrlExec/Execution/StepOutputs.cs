using System.Text.Json.Serialization.Metadata;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// The outputs a step attempt publishes. They are staged here and become variables only when the attempt completes,
/// so a failing step never leaves half its outputs behind. Used by step definitions (generated or hand-written).
/// </summary>
/// <remarks>
/// One instance serves every attempt of an execution. It keeps a staging slot per output name published again and reuses
/// it at the next attempt that publishes that name with the same type, so publishing a value type allocates nothing once
/// the execution is warm: the variable store copies the value into its own columns. A name the store took a new row for
/// (a name published for the first time) has its staging slot forgotten here, and reused for the next new name: an
/// execution that publishes a new variable at every step keeps nothing here for the names it will not publish again.
/// </remarks>
public sealed class StepOutputs
{
    private readonly List<KeyValuePair<string, VariableSlot>> _staged = [];
    private readonly List<Spare> _stagedSpares = []; // the spare of each staged entry
    private readonly Dictionary<string, Spare> _spares = new(StringComparer.Ordinal);
    private int _attempt;
    private VariableNameTable? _table;
    private Spare?[]? _byPosition;
    private readonly Stack<Spare> _forgotten = new(); // spares of names not published again, for the next new names


    internal StepOutputs() { }

    /// <summary>What the current attempt published, in order of first publication (one entry per name).</summary>
    /// <remarks>A <see cref="List{T}"/>, not an interface: the runner's loops over it use the struct enumerator (no allocation).</remarks>
    internal List<KeyValuePair<string, VariableSlot>> Staged => _staged;

    /// <summary>How many names keep a staging slot for their next publication.</summary>
    internal int SpareCount => _spares.Count;

    /// <summary>
    /// Publishes <paramref name="value"/> as the variable <paramref name="name"/>. A secret (<paramref name="isSecret"/>)
    /// becomes known when the step returns, and is masked in everything the attempt recorded; one too short to be masked
    /// (1 to 3 characters, docs/runtime.md#secrets) fails the attempt for good.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid snake_case variable name.</exception>
    public void Set<T>(string name, T value, JsonTypeInfo<T> typeInfo, bool isSecret = false)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        Stage(name, SpareFor(name), value, typeInfo, isSecret);
    }

    // Set<T> for the name at a position of a generated binding's table: the spare is found by position, not by name.
    internal void SetAt<T>(VariableNameTable names, int index, T value, JsonTypeInfo<T> typeInfo, bool isSecret)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (!ReferenceEquals(_table, names))
        {
            // One execution runs one workflow, so this happens once; another table (another workflow) starts over.
            _table = names;
            _byPosition = new Spare?[names.Count];
        }
        var name = names[index];
        var spare = _byPosition![index];
        if (spare is null)
        {
            spare = SpareFor(name);
            spare.Position = index;
            _byPosition[index] = spare;
        }
        Stage(name, spare, value, typeInfo, isSecret);
    }

    // A name with a spare slot was validated when the slot was made: generated steps publish the same names at every
    // attempt, so the check runs once per name, not once per output.
    private Spare SpareFor(string name)
    {
        if (_spares.TryGetValue(name, out var spare)) return spare;
        if (!VariableNaming.IsValidVariableName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid variable name: use snake_case.", nameof(name));
        }
        if (_forgotten.TryPop(out spare)) spare.Reuse(name); // with its slot: the next new name is likely of the same type
        else spare = new Spare(name);
        _spares.Add(name, spare);
        return spare;
    }

    private void Stage<T>(string name, Spare spare, T value, JsonTypeInfo<T> typeInfo, bool isSecret)
    {
        if (spare.Slot is TypedSlot<T> typed && typed.Holds(typeInfo, isSecret))
        {
            typed.Value = value;
        }
        else
        {
            spare.Slot = new TypedSlot<T>(value, typeInfo, isSecret);
        }
        if (spare.Attempt == _attempt)
        {
            _staged[spare.Index] = new KeyValuePair<string, VariableSlot>(name, spare.Slot); // published again by the same attempt: the last value wins.
            return;
        }
        spare.Attempt = _attempt;
        spare.Index = _staged.Count;
        _staged.Add(new KeyValuePair<string, VariableSlot>(name, spare.Slot));
        _stagedSpares.Add(spare);
    }

    /// <summary>
    /// Sets every staged value in <paramref name="variables"/> (<see cref="VariableStore.SetSlot"/>, a copy). The spare of
    /// a name the store took a new row for is forgotten here (kept for the next new name).
    /// </summary>
    /// <exception cref="ArgumentException">A staged secret is too short to be masked.</exception>
    internal void PublishTo(VariableStore variables)
    {
        for (var i = 0; i < _staged.Count; i++)
        {
            var (name, slot) = _staged[i];
            if (!variables.SetSlot(name, slot)) continue;
            var spare = _stagedSpares[i];
            _spares.Remove(spare.Name);
            if (spare.Position >= 0 && _byPosition is { } byPosition && ReferenceEquals(byPosition[spare.Position], spare)) byPosition[spare.Position] = null;
            if (_forgotten.Count < MaxForgotten) _forgotten.Push(spare);
        }
    }

    // How many forgotten spares are kept for reuse: as many as the new names one step publishes, within reason.
    private const int MaxForgotten = 16;

    /// <summary>Publishes a string.</summary>
    public void Set(string name, string value, bool isSecret = false) => Set(name, value, IrlExecJsonContext.Default.String, isSecret);

    /// <summary>Starts a new attempt: nothing is staged; the spare slots stay for reuse.</summary>
    internal void Clear()
    {
        _staged.Clear();
        _stagedSpares.Clear();
        _attempt++;
    }

    // The staging slot of one output name, and where (and in which attempt) it was last staged.
    private sealed class Spare(string name)
    {
        public string Name = name;
        public VariableSlot? Slot;
        public int Attempt = -1;
        public int Index;
        public int Position = -1; // its place in the generated binding's table, if it was staged by position

        // A forgotten spare taken for another name: its slot stays, to hold that name's value when the type matches.
        public void Reuse(string name)
        {
            Name = name;
            Attempt = -1;
            Index = 0;
            Position = -1;
        }
    }
}

namespace IrlExec;

/// <summary>
/// The variable names a workflow's generated bindings use, each at a fixed position. Generated code reads and publishes
/// variables by position (<see cref="GeneratedBinding"/>): the store resolves a name once and keeps the slot at that
/// position, so binding a step is an array read, not a lookup by name.
/// </summary>
public sealed class VariableNameTable
{
    private readonly string[] _names;

    /// <summary>A table of <paramref name="names"/>, in order.</summary>
    /// <exception cref="ArgumentException">A name is not a valid snake_case variable name, or appears twice.</exception>
    public VariableNameTable(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!VariableNaming.IsValidVariableName(name))
            {
                throw new ArgumentException($"'{name}' is not a valid variable name: use snake_case.", nameof(names));
            }
            if (!seen.Add(name)) throw new ArgumentException($"Variable '{name}' appears twice in the table.", nameof(names));
        }
        _names = (string[])names.Clone();
    }

    /// <summary>How many names the table holds.</summary>
    public int Count => _names.Length;

    /// <summary>The name at <paramref name="index"/>.</summary>
    public string this[int index] => _names[index];
}

namespace IrlExec;

/// <summary>
/// The variables the projector sets in an <see cref="ExecutionState"/> while nobody holds its list
/// (<see cref="ExecutionState.Variables"/> makes them into that list when first read). Each name gets a number at its
/// first value; the values are characters in one array (a value that fits where the name's last one was is written over
/// it, else after the others; the array is compacted when half of it is stale). A long execution that publishes a new
/// variable at every step then keeps no object per variable for the garbage collector to trace or move: the names are
/// the records' own strings, and the rest are arrays of numbers and characters.
/// </summary>
internal sealed class PackedVariables
{
    private readonly Dictionary<string, int> _numbers;
    private string[] _names;
    private int[] _starts;
    private int[] _lengths; // the value's length, as ~length when it is a secret
    private char[] _text = new char[64];
    private int _used; // characters of _text in use, stale ones included
    private int _stale; // characters of _text no value refers to any more

    /// <summary>Room for <paramref name="expected"/> variables at once (or 4, growing as they come).</summary>
    public PackedVariables(int expected = 0)
    {
        var size = Math.Max(4, expected);
        _numbers = new Dictionary<string, int>(expected, StringComparer.Ordinal);
        _names = new string[size];
        _starts = new int[size];
        _lengths = new int[size];
    }

    /// <summary>How many variables it holds.</summary>
    public int Count { get; private set; }

    /// <summary>Sets <paramref name="name"/> to <paramref name="json"/>, added after the others when it is new.</summary>
    public void Set(string name, string json, bool isSecret)
    {
        ref var number = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_numbers, name, out var exists);
        if (!exists)
        {
            number = Count;
            if (Count == _names.Length)
            {
                var size = Count * 2;
                Array.Resize(ref _names, size);
                Array.Resize(ref _starts, size);
                Array.Resize(ref _lengths, size);
            }
            _names[Count] = name;
            _lengths[Count] = 0;
            Count++;
        }
        var at = number;
        var oldLength = Length(_lengths[at]);
        if (exists && json.Length <= oldLength)
        {
            json.CopyTo(_text.AsSpan(_starts[at]));
            _stale += oldLength - json.Length;
        }
        else
        {
            if (exists) _stale += oldLength;
            _starts[at] = Append(json);
        }
        _lengths[at] = isSecret ? ~json.Length : json.Length;
    }

    private static int Length(int stored) => stored < 0 ? ~stored : stored;

    private int Append(string json)
    {
        if (_used + json.Length > _text.Length)
        {
            if (_stale > _used / 2) Compact();
            if (_used + json.Length > _text.Length) Array.Resize(ref _text, Math.Max(_text.Length * 2, _used + json.Length));
        }
        var start = _used;
        json.CopyTo(_text.AsSpan(start));
        _used += json.Length;
        return start;
    }

    // Copies every value once, in order, into a new array: what is stale is left behind.
    private void Compact()
    {
        var text = new char[_text.Length];
        var at = 0;
        for (var i = 0; i < Count; i++)
        {
            var length = Length(_lengths[i]);
            _text.AsSpan(_starts[i], length).CopyTo(text.AsSpan(at));
            _starts[i] = at;
            at += length;
        }
        _text = text;
        _used = at;
        _stale = 0;
    }

    /// <summary>Appends every variable, in the order of their first value, to <paramref name="variables"/>.</summary>
    public void AppendTo(List<VariableState> variables)
    {
        variables.EnsureCapacity(variables.Count + Count);
        for (var i = 0; i < Count; i++)
        {
            var stored = _lengths[i];
            variables.Add(new VariableState { Name = _names[i], Json = new string(_text, _starts[i], Length(stored)), IsSecret = stored < 0 });
        }
    }
}

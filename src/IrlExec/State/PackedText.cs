namespace IrlExec;

/// <summary>
/// Texts and named-value lists written one after the other into characters, each behind a length: how the in-memory
/// store and the live state keep what a step's records say. An execution keeps every step's values while it runs;
/// packed, they are one block of characters (no object per value, list or pair, nothing for the garbage collector to
/// trace), and they are turned back into strings and lists only when read.
/// </summary>
/// <remarks>
/// A field is a header then its characters. The header is one character holding the length when it is below 0x8000,
/// else two (0x8000 | length &gt;&gt; 16, then length &amp; 0xFFFF); <see cref="Null"/> alone marks null. A list is a header
/// holding its count (or null), then the name and the value of each pair.
/// </remarks>
internal static class PackedText
{
    /// <summary>The header of a null text or list (no length can be written as it: a string is shorter than 2^30).</summary>
    private const char Null = '\uFFFF';

    private static int HeaderLength(int length) => length < 0x8000 ? 1 : 2;

    /// <summary>How many characters <paramref name="text"/> takes.</summary>
    public static int Length(string? text) => text is null ? 1 : HeaderLength(text.Length) + text.Length;

    /// <summary>How many characters <paramref name="values"/> takes, or -1 when a pair is null (such a list is not packed).</summary>
    public static int Length(List<NamedValue>? values)
    {
        if (values is null) return 1;
        var length = HeaderLength(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } value) return -1;
            length += Length(value.Name) + Length(value.Value);
        }
        return length;
    }

    private static int WriteHeader(Span<char> destination, int length)
    {
        if (length < 0x8000)
        {
            destination[0] = (char)length;
            return 1;
        }
        destination[0] = (char)(0x8000 | (length >> 16));
        destination[1] = (char)(length & 0xFFFF);
        return 2;
    }

    /// <summary>Writes <paramref name="text"/> at the start of <paramref name="destination"/>; returns the characters written.</summary>
    public static int Write(Span<char> destination, string? text)
    {
        if (text is null)
        {
            destination[0] = Null;
            return 1;
        }
        var header = WriteHeader(destination, text.Length);
        text.CopyTo(destination[header..]);
        return header + text.Length;
    }

    /// <summary>Writes <paramref name="values"/> (no pair null: see <see cref="Length(List{NamedValue})"/>); returns the characters written.</summary>
    public static int Write(Span<char> destination, List<NamedValue>? values)
    {
        if (values is null)
        {
            destination[0] = Null;
            return 1;
        }
        var written = WriteHeader(destination, values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            written += Write(destination[written..], values[i].Name);
            written += Write(destination[written..], values[i].Value);
        }
        return written;
    }

    // The length behind the header at `position`, or -1 for null; moves past the header.
    private static int ReadHeader(ReadOnlySpan<char> source, ref int position)
    {
        var first = source[position++];
        if (first == Null) return -1;
        if (first < 0x8000) return first;
        return ((first & 0x7FFF) << 16) | source[position++];
    }

    /// <summary>The text at <paramref name="position"/>, which moves past it.</summary>
    public static string? ReadText(ReadOnlySpan<char> source, ref int position)
    {
        var length = ReadHeader(source, ref position);
        if (length < 0) return null;
        var text = length == 0 ? "" : new string(source.Slice(position, length));
        position += length;
        return text;
    }

    /// <summary>The list at <paramref name="position"/> (new pairs in a new list), which moves past it.</summary>
    public static List<NamedValue>? ReadValues(ReadOnlySpan<char> source, ref int position)
    {
        var count = ReadHeader(source, ref position);
        if (count < 0) return null;
        var values = new List<NamedValue>(count);
        for (var i = 0; i < count; i++)
        {
            var name = ReadText(source, ref position);
            var value = ReadText(source, ref position);
            values.Add(new NamedValue { Name = name!, Value = value! });
        }
        return values;
    }

    /// <summary>Moves <paramref name="position"/> past the list there.</summary>
    public static void SkipValues(ReadOnlySpan<char> source, ref int position)
    {
        var count = ReadHeader(source, ref position);
        for (var i = 0; i < count; i++)
        {
            SkipText(source, ref position);
            SkipText(source, ref position);
        }
    }

    private static void SkipText(ReadOnlySpan<char> source, ref int position)
    {
        var length = ReadHeader(source, ref position);
        if (length > 0) position += length;
    }
}

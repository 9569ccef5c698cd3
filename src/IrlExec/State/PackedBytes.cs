using System.Runtime.InteropServices;

namespace IrlExec;

/// <summary>
/// Numbers and texts written as bytes, and arrays of bytes to write them into: how the in-memory store keeps a step's
/// records and the live state its execution log. A number is a varint (7 bits a byte, low bits first; the high bit says
/// another byte follows), a signed one zigzagged first; a text is a header (0: null; else 1 + its length times 2, plus 1
/// when its characters take two bytes each) then its characters, a byte each when all are below U+0100.
/// </summary>
/// <remarks>Plain loops: the texts are short, and the library's vectorized helpers allocate until the JIT has optimized them.</remarks>
internal static class PackedBytes
{
    /// <summary>The most bytes a number takes.</summary>
    public const int MostNumberLength = 10;

    /// <summary>The most bytes <paramref name="text"/> takes.</summary>
    public static int MostLength(string? text) => text is null ? 1 : 5 + 2 * text.Length;

    /// <summary>The most bytes <paramref name="values"/> takes (count and pairs), or -1 when a pair is null (not written).</summary>
    public static int MostLength(List<NamedValue>? values)
    {
        if (values is null) return MostNumberLength;
        var length = MostNumberLength;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } value) return -1;
            length += MostLength(value.Name) + MostLength(value.Value);
        }
        return length;
    }

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    public static int WriteNumber(Span<byte> destination, ulong value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(0x80 | (value & 0x7F));
            value >>= 7;
        }
        destination[at++] = (byte)value;
        return at;
    }

    public static ulong ReadNumber(byte[] source, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var next = source[position++];
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80) return value;
            shift += 7;
        }
    }

    public static int WriteText(Span<byte> destination, string? text)
    {
        if (text is null)
        {
            destination[0] = 0;
            return 1;
        }
        // One pass for the usual text (every character below U+0100): its header, then a byte a character; a wider
        // character found on the way writes it again, header and all, as UTF-16.
        var at = WriteNumber(destination, 1 + ((ulong)text.Length << 1));
        var bytes = destination.Slice(at, text.Length);
        var wide = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var c = text[i];
            wide |= c;
            bytes[i] = (byte)c;
        }
        if (wide <= 0xFF) return at + text.Length;
        at = WriteNumber(destination, 2 + ((ulong)text.Length << 1));
        MemoryMarshal.AsBytes(text.AsSpan()).CopyTo(destination[at..]);
        return at + text.Length * 2;
    }

    public static string? ReadText(byte[] source, ref int position)
    {
        var header = ReadNumber(source, ref position);
        if (header == 0) return null;
        var length = (int)((header - 1) >> 1);
        if (length == 0) return "";
        var wide = ((header - 1) & 1) != 0;
        var text = string.Create(length, (source, position, wide), static (characters, from) =>
        {
            if (from.wide)
            {
                from.source.AsSpan(from.position, characters.Length * 2).CopyTo(MemoryMarshal.AsBytes(characters));
                return;
            }
            var bytes = from.source.AsSpan(from.position, characters.Length);
            for (var i = 0; i < characters.Length; i++) characters[i] = (char)bytes[i];
        });
        position += wide ? length * 2 : length;
        return text;
    }

    /// <summary>Writes a list (null written as empty) whose pairs are not null (see <see cref="MostLength(List{NamedValue})"/>).</summary>
    public static int WriteValues(Span<byte> destination, List<NamedValue>? values)
    {
        if (values is null) return WriteNumber(destination, 0);
        var at = WriteNumber(destination, (ulong)values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            at += WriteText(destination[at..], values[i].Name);
            at += WriteText(destination[at..], values[i].Value);
        }
        return at;
    }

    /// <summary>A list written by <see cref="WriteValues"/>: new pairs in a new list.</summary>
    public static List<NamedValue> ReadValues(byte[] source, ref int position)
    {
        var count = (int)ReadNumber(source, ref position);
        var values = new List<NamedValue>(count);
        for (var i = 0; i < count; i++)
        {
            var name = ReadText(source, ref position);
            var value = ReadText(source, ref position);
            values.Add(new NamedValue { Name = name!, Value = value! });
        }
        return values;
    }

    /// <summary>
    /// Writes a decimal: its 96-bit magnitude as two numbers and its sign and scale as a third (0 for a whole positive
    /// value: three bytes for 0).
    /// </summary>
    public static int WriteDecimal(Span<byte> destination, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var at = WriteNumber(destination, (uint)bits[0] | ((ulong)(uint)bits[1] << 32));
        at += WriteNumber(destination[at..], (uint)bits[2]);
        return at + WriteNumber(destination[at..], (uint)bits[3] >> 16); // the sign (0x8000) and the scale
    }

    public static decimal ReadDecimal(byte[] source, ref int position)
    {
        var low = ReadNumber(source, ref position);
        var high = (uint)ReadNumber(source, ref position);
        var signAndScale = (uint)ReadNumber(source, ref position);
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)high, (signAndScale & 0x8000) != 0, (byte)signAndScale);
    }

    /// <summary>Writes a duration: as whole milliseconds when it is one (what the runner records), else its bits.</summary>
    public static int WriteSeconds(Span<byte> destination, double seconds)
    {
        if (Math.Abs(seconds) < 1e12)
        {
            var milliseconds = (long)Math.Round(seconds * 1000);
            if (BitConverter.DoubleToInt64Bits(milliseconds / 1000.0) == BitConverter.DoubleToInt64Bits(seconds))
            {
                destination[0] = 0;
                return 1 + WriteNumber(destination[1..], ZigZag(milliseconds));
            }
        }
        destination[0] = 1;
        return 1 + WriteNumber(destination[1..], (ulong)BitConverter.DoubleToInt64Bits(seconds));
    }

    public static double ReadSeconds(byte[] source, ref int position)
    {
        var asBits = source[position++] != 0;
        var number = ReadNumber(source, ref position);
        return asBits ? BitConverter.Int64BitsToDouble((long)number) : UnZigZag(number) / 1000.0;
    }
}

/// <summary>
/// Arrays of bytes written one after the other: of <see cref="ChunkSize"/> bytes until there are <see cref="GrowAfter"/>
/// of them, then each twice the last, up to 64 KB (below the large-object heap); a short execution wastes less than one,
/// a long one holds few arrays.
/// </summary>
internal sealed class ByteChunks
{
    private const int ChunkSize = 1024;
    private const int GrowAfter = 16;
    private const int LargestChunk = 64 * 1024;

    private readonly List<Chunk> _chunks = [];

    /// <summary>One array and how much of it is written.</summary>
    public sealed class Chunk(int length)
    {
        public readonly byte[] Bytes = new byte[length];
        public int Used;
    }

    /// <summary>The arrays, in order.</summary>
    public List<Chunk> Chunks => _chunks;

    /// <summary>A chunk with at least <paramref name="length"/> bytes free after <see cref="Chunk.Used"/>: the last one, or a new one.</summary>
    public Chunk Room(int length)
    {
        if (_chunks.Count > 0 && _chunks[^1] is { } last && last.Bytes.Length - last.Used >= length) return last;
        var size = _chunks.Count < GrowAfter ? ChunkSize : Math.Min(LargestChunk, _chunks[^1].Bytes.Length * 2);
        var chunk = new Chunk(Math.Max(size, length));
        _chunks.Add(chunk);
        return chunk;
    }
}

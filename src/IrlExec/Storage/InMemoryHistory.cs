using System.Runtime.InteropServices;

namespace IrlExec;

/// <summary>
/// One execution's history as <see cref="InMemoryExecutionStore"/> keeps it: every record is copied when it is appended,
/// so the store holds no record of the caller's (a runner may reuse its record objects once they are committed). A
/// step's record (started, variable set, completed, log line: every record without a member of the rare kinds) is
/// written as bytes: its numbers as differences from the record before (a sequence number and a timestamp a few ticks
/// later take a byte each), its texts a byte a character when every character is below U+0100 (else two); about 15 to
/// 25 bytes for a step's record. A record of the rare kinds (creation, status change, migration, signal, ...) is kept as
/// a copy. An execution then holds a few arrays without references instead of a handful of objects per record: nothing
/// for the garbage collector to trace, and a step costs the same at step 100,000 as at step 10. Reading gives new
/// records for the written ones and the kept copies as they are. Not thread-safe: the store locks it.
/// </summary>
internal sealed class InMemoryHistory
{
    // Arrays of ChunkSize bytes until the history holds GrowAfter of them, then each twice the last, up to LargestChunk
    // (below the large-object heap): a short run wastes less than a chunk, a long one holds few arrays.
    private const int ChunkSize = 1024;
    private const int GrowAfter = 16;
    private const int LargestChunk = 64 * 1024;

    // The most bytes a record's numbers take (flags, kind, level, 8 numbers of up to 10 bytes).
    private const int NumbersLength = 2 + 5 + 5 + 8 * 10;

    private const ushort HasStep = 1, HasAttempt = 2, HasLevel = 4, HasIsSecret = 8, IsSecretValue = 16, HasCost = 32, HasSeconds = 64,
        Kept = 128, HasName = 256, HasValue = 512, HasMessage = 1024, HasValues = 2048, SecondsAsBits = 4096;

    private readonly List<Chunk> _chunks = [];
    private List<ExecutionEvent>? _kept;
    private long _lastSequence;
    private long _lastTicks;

    private sealed class Chunk(int length)
    {
        public readonly byte[] Bytes = new byte[length];
        public int Used;
    }

    /// <summary>How many records the history holds.</summary>
    public int Count { get; private set; }

    /// <summary>Appends a copy of <paramref name="record"/>.</summary>
    public void Add(ExecutionEvent record)
    {
        var textLength = TextLength(record);
        if (textLength < 0)
        {
            // Kept as a copy: the rare kinds, a kind or level outside a character, a null pair in its values.
            _kept ??= [];
            var room = Room(2 + 10);
            var bytes = room.Bytes.AsSpan(room.Used);
            WriteFlags(bytes, Kept);
            room.Used += 2 + WriteVarint(bytes[2..], (ulong)_kept.Count);
            _kept.Add(record.Copy());
            Count++;
            return;
        }
        var chunk = Room(NumbersLength + textLength);
        chunk.Used += Write(chunk.Bytes.AsSpan(chunk.Used), record);
        Count++;
    }

    // A chunk with at least `length` bytes free: the last one, or a new one.
    private Chunk Room(int length)
    {
        if (_chunks.Count > 0 && _chunks[^1] is { } last && last.Bytes.Length - last.Used >= length) return last;
        var size = _chunks.Count < GrowAfter ? ChunkSize : Math.Min(LargestChunk, _chunks[^1].Bytes.Length * 2);
        var chunk = new Chunk(Math.Max(size, length));
        _chunks.Add(chunk);
        return chunk;
    }

    private static void WriteFlags(Span<byte> destination, ushort flags)
    {
        destination[0] = (byte)flags;
        destination[1] = (byte)(flags >> 8);
    }

    // The most bytes a record's texts take, or -1 when it is kept as a copy.
    private static int TextLength(ExecutionEvent record)
    {
        if (record.HasDetails || (uint)record.Kind > char.MaxValue || (record.Level is { } level && (uint)level > char.MaxValue)) return -1;
        var length = Length(record.Name) + Length(record.Value) + Length(record.Message);
        if (record.Values is { } values)
        {
            length += 10;
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is not { } value) return -1;
                length += Length(value.Name) + Length(value.Value);
            }
        }
        return length;
    }

    private static int Length(string? text) => text is null ? 5 : 5 + 2 * text.Length;

    private int Write(Span<byte> destination, ExecutionEvent record)
    {
        ushort flags = 0;
        if (record.Step is not null) flags |= HasStep;
        if (record.Attempt is not null) flags |= HasAttempt;
        if (record.Level is not null) flags |= HasLevel;
        if (record.IsSecret is { } secret) flags |= secret ? (ushort)(HasIsSecret | IsSecretValue) : HasIsSecret;
        if (record.Cost is not null) flags |= HasCost;
        if (record.Seconds is { } seconds)
        {
            flags |= HasSeconds;
            if (!AsMilliseconds(seconds, out _)) flags |= SecondsAsBits;
        }
        if (record.Name is not null) flags |= HasName;
        if (record.Value is not null) flags |= HasValue;
        if (record.Message is not null) flags |= HasMessage;
        if (record.Values is not null) flags |= HasValues;

        WriteFlags(destination, flags);
        var at = 2;
        at += WriteVarint(destination[at..], (ulong)record.Kind);
        var timestamp = record.Timestamp;
        at += WriteVarint(destination[at..], ZigZag(record.Sequence - _lastSequence));
        at += WriteVarint(destination[at..], ZigZag(timestamp.Ticks - _lastTicks));
        at += WriteVarint(destination[at..], ZigZag(timestamp.Offset.Ticks / TimeSpan.TicksPerMinute));
        _lastSequence = record.Sequence;
        _lastTicks = timestamp.Ticks;
        if (record.Level is { } level) at += WriteVarint(destination[at..], (ulong)level);
        if (record.Step is { } step) at += WriteVarint(destination[at..], ZigZag(step));
        if (record.Attempt is { } attempt) at += WriteVarint(destination[at..], ZigZag(attempt));
        if (record.Cost is { } cost)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(cost, bits);
            at += WriteVarint(destination[at..], (uint)bits[0] | ((ulong)(uint)bits[1] << 32));
            at += WriteVarint(destination[at..], (uint)bits[2]);
            at += WriteVarint(destination[at..], (uint)bits[3] >> 16); // the sign (0x8000) and the scale
        }
        if (record.Seconds is { } value)
        {
            if ((flags & SecondsAsBits) == 0)
            {
                AsMilliseconds(value, out var milliseconds);
                at += WriteVarint(destination[at..], ZigZag(milliseconds));
            }
            else
            {
                at += WriteVarint(destination[at..], (ulong)BitConverter.DoubleToInt64Bits(value));
            }
        }
        if (record.Name is { } name) at += WriteText(destination[at..], name);
        if (record.Value is { } text) at += WriteText(destination[at..], text);
        if (record.Message is { } message) at += WriteText(destination[at..], message);
        if (record.Values is { } values)
        {
            at += WriteVarint(destination[at..], (ulong)values.Count);
            for (var i = 0; i < values.Count; i++)
            {
                at += WriteText(destination[at..], values[i].Name);
                at += WriteText(destination[at..], values[i].Value);
            }
        }
        return at;
    }

    // A header (0: null; else 1 + the length times 2, plus 1 when the characters take two bytes each) then the characters.
    // Plain loops: the texts are short, and the library's vectorized helpers allocate until the JIT has optimized them.
    private static int WriteText(Span<byte> destination, string? text)
    {
        if (text is null)
        {
            destination[0] = 0;
            return 1;
        }
        var narrow = true;
        foreach (var c in text)
        {
            if (c > '\u00FF')
            {
                narrow = false;
                break;
            }
        }
        var at = WriteVarint(destination, 1 + ((ulong)text.Length << 1) + (narrow ? 0ul : 1ul));
        if (narrow)
        {
            var bytes = destination.Slice(at, text.Length);
            for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)text[i];
            return at + text.Length;
        }
        MemoryMarshal.AsBytes(text.AsSpan()).CopyTo(destination[at..]);
        return at + text.Length * 2;
    }

    private static string? ReadText(byte[] source, ref int position)
    {
        var header = ReadVarint(source, ref position);
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

    // A duration in whole milliseconds (what the runner records: seconds rounded to 3 decimals) is written as their count.
    private static bool AsMilliseconds(double seconds, out long milliseconds)
    {
        milliseconds = 0;
        if (!(Math.Abs(seconds) < 1e12)) return false;
        milliseconds = (long)Math.Round(seconds * 1000);
        return BitConverter.DoubleToInt64Bits(milliseconds / 1000.0) == BitConverter.DoubleToInt64Bits(seconds);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    // 7 bits a byte, low bits first; the high bit says another byte follows.
    private static int WriteVarint(Span<byte> destination, ulong value)
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

    private static ulong ReadVarint(byte[] source, ref int position)
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

    /// <summary>Every record, in order: new records for the written ones, the kept copies as they are.</summary>
    public List<ExecutionEvent> ToList()
    {
        var records = new List<ExecutionEvent>(Count);
        long sequence = 0, ticks = 0;
        foreach (var chunk in _chunks)
        {
            var position = 0;
            while (position < chunk.Used) records.Add(Read(chunk.Bytes, ref position, ref sequence, ref ticks));
        }
        return records;
    }

    private ExecutionEvent Read(byte[] bytes, ref int position, ref long sequence, ref long ticks)
    {
        var flags = (ushort)(bytes[position] | (bytes[position + 1] << 8));
        position += 2;
        if ((flags & Kept) != 0) return _kept![(int)ReadVarint(bytes, ref position)];
        var kind = (ExecutionEventKind)ReadVarint(bytes, ref position);
        sequence += UnZigZag(ReadVarint(bytes, ref position));
        ticks += UnZigZag(ReadVarint(bytes, ref position));
        var offset = UnZigZag(ReadVarint(bytes, ref position));
        var record = new ExecutionEvent
        {
            Sequence = sequence,
            Timestamp = new DateTimeOffset(ticks, new TimeSpan(offset * TimeSpan.TicksPerMinute)),
            Kind = kind,
        };
        if ((flags & HasLevel) != 0) record.Level = (ExecutionLogLevel)ReadVarint(bytes, ref position);
        if ((flags & HasStep) != 0) record.Step = (int)UnZigZag(ReadVarint(bytes, ref position));
        if ((flags & HasAttempt) != 0) record.Attempt = (int)UnZigZag(ReadVarint(bytes, ref position));
        if ((flags & HasIsSecret) != 0) record.IsSecret = (flags & IsSecretValue) != 0;
        if ((flags & HasCost) != 0)
        {
            var low = ReadVarint(bytes, ref position);
            var high = (uint)ReadVarint(bytes, ref position);
            var signAndScale = (uint)ReadVarint(bytes, ref position);
            record.Cost = new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)high, (signAndScale & 0x8000) != 0, (byte)signAndScale);
        }
        if ((flags & HasSeconds) != 0)
        {
            var number = ReadVarint(bytes, ref position);
            record.Seconds = (flags & SecondsAsBits) == 0 ? UnZigZag(number) / 1000.0 : BitConverter.Int64BitsToDouble((long)number);
        }
        if ((flags & HasName) != 0) record.Name = ReadText(bytes, ref position);
        if ((flags & HasValue) != 0) record.Value = ReadText(bytes, ref position);
        if ((flags & HasMessage) != 0) record.Message = ReadText(bytes, ref position);
        if ((flags & HasValues) != 0)
        {
            var count = (int)ReadVarint(bytes, ref position);
            var values = new List<NamedValue>(count);
            for (var i = 0; i < count; i++)
            {
                var name = ReadText(bytes, ref position);
                var value = ReadText(bytes, ref position);
                values.Add(new NamedValue { Name = name!, Value = value! });
            }
            record.Values = values;
        }
        return record;
    }
}

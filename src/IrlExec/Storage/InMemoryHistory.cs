namespace IrlExec;

/// <summary>
/// One execution's history as <see cref="InMemoryExecutionStore"/> keeps it: every record is copied when it is appended,
/// so the store holds no record of the caller's (a runner may reuse its record objects once they are committed). A
/// step's record (started, variable set, completed, log line: every record without a member of the rare kinds) is
/// written into arrays of characters: its numbers as differences from the record before (a sequence number and a
/// timestamp a few ticks later take a character each), its texts and named values as <see cref="PackedText"/>; about 20
/// to 30 characters for a step's record. A record of the rare kinds (creation, status change, migration, signal, ...)
/// is kept as a copy. An execution then holds a few arrays without references instead of a handful of objects per
/// record: nothing for the garbage collector to trace, and a step costs the same at step 100,000 as at step 10. Reading
/// gives new records for the written ones and the kept copies as they are. Not thread-safe: the store locks it.
/// </summary>
internal sealed class InMemoryHistory
{
    // The arrays grow from FirstChunk characters, doubling up to LargestChunk (64 KB, below the large-object heap).
    private const int FirstChunk = 512;
    private const int LargestChunk = 32 * 1024;

    // The most characters a record's numbers take (flags, kind, level, 7 numbers of up to 5 characters, the cost's scale).
    private const int NumbersLength = 48;

    private const ushort HasStep = 1, HasAttempt = 2, HasLevel = 4, HasIsSecret = 8, IsSecretValue = 16, HasCost = 32, HasSeconds = 64,
        Kept = 128, HasName = 256, HasValue = 512, HasMessage = 1024, HasValues = 2048, SecondsAsBits = 4096;

    private readonly List<Chunk> _chunks = [];
    private List<ExecutionEvent>? _kept;
    private long _lastSequence;
    private long _lastTicks;

    private sealed class Chunk(int length)
    {
        public readonly char[] Text = new char[length];
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
            var at = Room(1 + 5);
            at.Used += WriteNumber(at.Text.AsSpan(at.Used), Kept, (ulong)_kept.Count);
            _kept.Add(record.Copy());
            Count++;
            return;
        }
        var chunk = Room(NumbersLength + textLength);
        chunk.Used += Write(chunk.Text.AsSpan(chunk.Used), record);
        Count++;
    }

    // A chunk with at least `length` characters free: the last one, or a new one.
    private Chunk Room(int length)
    {
        if (_chunks.Count > 0 && _chunks[^1] is { } last && last.Text.Length - last.Used >= length) return last;
        var size = _chunks.Count == 0 ? FirstChunk : Math.Min(LargestChunk, _chunks[^1].Text.Length * 2);
        var chunk = new Chunk(Math.Max(size, length));
        _chunks.Add(chunk);
        return chunk;
    }

    // The flags character then a number (a kept record's index).
    private static int WriteNumber(Span<char> destination, ushort flags, ulong number)
    {
        destination[0] = (char)flags;
        return 1 + WriteVarint(destination[1..], number);
    }

    // The characters a record's texts take, or -1 when it is kept as a copy.
    private static int TextLength(ExecutionEvent record)
    {
        if (record.HasDetails || (uint)record.Kind > char.MaxValue || (record.Level is { } level && (uint)level > char.MaxValue)) return -1;
        var values = record.Values is null ? 0 : PackedText.Length(record.Values);
        return values < 0 ? -1 : Length(record.Name) + Length(record.Value) + Length(record.Message) + values;
    }

    private static int Length(string? text) => text is null ? 0 : PackedText.Length(text);

    private int Write(Span<char> destination, ExecutionEvent record)
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

        destination[0] = (char)flags;
        destination[1] = (char)record.Kind;
        var at = 2;
        var timestamp = record.Timestamp;
        at += WriteVarint(destination[at..], ZigZag(record.Sequence - _lastSequence));
        at += WriteVarint(destination[at..], ZigZag(timestamp.Ticks - _lastTicks));
        at += WriteVarint(destination[at..], ZigZag(timestamp.Offset.Ticks / TimeSpan.TicksPerMinute));
        _lastSequence = record.Sequence;
        _lastTicks = timestamp.Ticks;
        if (record.Level is { } level) destination[at++] = (char)level;
        if (record.Step is { } step) at += WriteVarint(destination[at..], ZigZag(step));
        if (record.Attempt is { } attempt) at += WriteVarint(destination[at..], ZigZag(attempt));
        if (record.Cost is { } cost)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(cost, bits);
            at += WriteVarint(destination[at..], (uint)bits[0] | ((ulong)(uint)bits[1] << 32));
            at += WriteVarint(destination[at..], (uint)bits[2]);
            destination[at++] = (char)((uint)bits[3] >> 16); // the sign (0x8000) and the scale
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
        if (record.Name is { } name) at += PackedText.Write(destination[at..], name);
        if (record.Value is { } text) at += PackedText.Write(destination[at..], text);
        if (record.Message is { } message) at += PackedText.Write(destination[at..], message);
        if (record.Values is { } values) at += PackedText.Write(destination[at..], values);
        return at;
    }

    // A duration in whole milliseconds (what the runner records: seconds rounded to 3 decimals) is written as their count.
    private static bool AsMilliseconds(double seconds, out long milliseconds)
    {
        milliseconds = 0;
        if (!(Math.Abs(seconds) < 1e12)) return false;
        var rounded = Math.Round(seconds * 1000);
        milliseconds = (long)rounded;
        return BitConverter.DoubleToInt64Bits(milliseconds / 1000.0) == BitConverter.DoubleToInt64Bits(seconds);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    // 15 bits a character, low bits first; the high bit says another character follows.
    private static int WriteVarint(Span<char> destination, ulong value)
    {
        var at = 0;
        while (value >= 0x8000)
        {
            destination[at++] = (char)(0x8000 | (value & 0x7FFF));
            value >>= 15;
        }
        destination[at++] = (char)value;
        return at;
    }

    private static ulong ReadVarint(ReadOnlySpan<char> source, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var next = source[position++];
            value |= (ulong)(next & 0x7FFF) << shift;
            if (next < 0x8000) return value;
            shift += 15;
        }
    }

    /// <summary>Every record, in order: new records for the written ones, the kept copies as they are.</summary>
    public List<ExecutionEvent> ToList()
    {
        var records = new List<ExecutionEvent>(Count);
        long sequence = 0, ticks = 0;
        foreach (var chunk in _chunks)
        {
            ReadOnlySpan<char> text = chunk.Text.AsSpan(0, chunk.Used);
            var position = 0;
            while (position < text.Length) records.Add(Read(text, ref position, ref sequence, ref ticks));
        }
        return records;
    }

    private ExecutionEvent Read(ReadOnlySpan<char> text, ref int position, ref long sequence, ref long ticks)
    {
        var flags = (ushort)text[position++];
        if ((flags & Kept) != 0) return _kept![(int)ReadVarint(text, ref position)];
        var kind = (ExecutionEventKind)text[position++];
        sequence += UnZigZag(ReadVarint(text, ref position));
        ticks += UnZigZag(ReadVarint(text, ref position));
        var offset = UnZigZag(ReadVarint(text, ref position));
        var record = new ExecutionEvent
        {
            Sequence = sequence,
            Timestamp = new DateTimeOffset(ticks, new TimeSpan(offset * TimeSpan.TicksPerMinute)),
            Kind = kind,
        };
        if ((flags & HasLevel) != 0) record.Level = (ExecutionLogLevel)text[position++];
        if ((flags & HasStep) != 0) record.Step = (int)UnZigZag(ReadVarint(text, ref position));
        if ((flags & HasAttempt) != 0) record.Attempt = (int)UnZigZag(ReadVarint(text, ref position));
        if ((flags & HasIsSecret) != 0) record.IsSecret = (flags & IsSecretValue) != 0;
        if ((flags & HasCost) != 0)
        {
            var low = ReadVarint(text, ref position);
            var high = (uint)ReadVarint(text, ref position);
            var signAndScale = (uint)text[position++];
            record.Cost = new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)high, (signAndScale & 0x8000) != 0, (byte)signAndScale);
        }
        if ((flags & HasSeconds) != 0)
        {
            var number = ReadVarint(text, ref position);
            record.Seconds = (flags & SecondsAsBits) == 0 ? UnZigZag(number) / 1000.0 : BitConverter.Int64BitsToDouble((long)number);
        }
        if ((flags & HasName) != 0) record.Name = PackedText.ReadText(text, ref position);
        if ((flags & HasValue) != 0) record.Value = PackedText.ReadText(text, ref position);
        if ((flags & HasMessage) != 0) record.Message = PackedText.ReadText(text, ref position);
        if ((flags & HasValues) != 0) record.Values = PackedText.ReadValues(text, ref position);
        return record;
    }
}

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
    // The most bytes a record's numbers take (flags, then kind, level and up to 9 numbers).
    private const int NumbersLength = 2 + 11 * PackedBytes.MostNumberLength;

    private const ushort HasStep = 1, HasAttempt = 2, HasLevel = 4, HasIsSecret = 8, IsSecretValue = 16, HasCost = 32, HasSeconds = 64,
        Kept = 128, HasName = 256, HasValue = 512, HasMessage = 1024, HasValues = 2048, SecondsAsBits = 4096;

    private readonly ByteChunks _chunks = new();
    private List<ExecutionEvent>? _kept;
    private long _lastSequence;
    private long _lastTicks;

    /// <summary>An id string this history was last found by (the store's shortcut for a runner's appends), or null.</summary>
    public string? LastId;

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
            var room = _chunks.Room(2 + PackedBytes.MostNumberLength);
            var bytes = room.Bytes.AsSpan(room.Used);
            WriteFlags(bytes, Kept);
            room.Used += 2 + PackedBytes.WriteNumber(bytes[2..], (ulong)_kept.Count);
            _kept.Add(record.Copy());
            Count++;
            return;
        }
        var chunk = _chunks.Room(NumbersLength + textLength);
        chunk.Used += Write(chunk.Bytes.AsSpan(chunk.Used), record);
        Count++;
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
        var values = PackedBytes.MostLength(record.Values);
        return values < 0 ? -1 : values + PackedBytes.MostLength(record.Name) + PackedBytes.MostLength(record.Value) + PackedBytes.MostLength(record.Message);
    }

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
        at += PackedBytes.WriteNumber(destination[at..], (ulong)record.Kind);
        var timestamp = record.Timestamp;
        at += PackedBytes.WriteNumber(destination[at..], PackedBytes.ZigZag(record.Sequence - _lastSequence));
        at += PackedBytes.WriteNumber(destination[at..], PackedBytes.ZigZag(timestamp.Ticks - _lastTicks));
        at += PackedBytes.WriteNumber(destination[at..], PackedBytes.ZigZag(timestamp.Offset.Ticks / TimeSpan.TicksPerMinute));
        _lastSequence = record.Sequence;
        _lastTicks = timestamp.Ticks;
        if (record.Level is { } level) at += PackedBytes.WriteNumber(destination[at..], (ulong)level);
        if (record.Step is { } step) at += PackedBytes.WriteNumber(destination[at..], PackedBytes.ZigZag(step));
        if (record.Attempt is { } attempt) at += PackedBytes.WriteNumber(destination[at..], PackedBytes.ZigZag(attempt));
        if (record.Cost is { } cost) at += PackedBytes.WriteDecimal(destination[at..], cost);
        if (record.Seconds is { } value)
        {
            if ((flags & SecondsAsBits) == 0)
            {
                AsMilliseconds(value, out var milliseconds);
                at += PackedBytes.WriteNumber(destination[at..], PackedBytes.ZigZag(milliseconds));
            }
            else
            {
                at += PackedBytes.WriteNumber(destination[at..], (ulong)BitConverter.DoubleToInt64Bits(value));
            }
        }
        if (record.Name is { } name) at += PackedBytes.WriteText(destination[at..], name);
        if (record.Value is { } text) at += PackedBytes.WriteText(destination[at..], text);
        if (record.Message is { } message) at += PackedBytes.WriteText(destination[at..], message);
        if (record.Values is { } values) at += PackedBytes.WriteValues(destination[at..], values);
        return at;
    }

    // A duration in whole milliseconds (what the runner records: seconds rounded to 3 decimals) is written as their count.
    private static bool AsMilliseconds(double seconds, out long milliseconds)
    {
        milliseconds = 0;
        if (!(Math.Abs(seconds) < 1e12)) return false;
        milliseconds = (long)Math.Round(seconds * 1000);
        return BitConverter.DoubleToInt64Bits(milliseconds / 1000.0) == BitConverter.DoubleToInt64Bits(seconds);
    }

    /// <summary>Every record, in order: new records for the written ones, the kept copies as they are.</summary>
    public List<ExecutionEvent> ToList()
    {
        var records = new List<ExecutionEvent>(Count);
        long sequence = 0, ticks = 0;
        foreach (var chunk in _chunks.Chunks)
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
        if ((flags & Kept) != 0) return _kept![(int)PackedBytes.ReadNumber(bytes, ref position)];
        var kind = (ExecutionEventKind)PackedBytes.ReadNumber(bytes, ref position);
        sequence += PackedBytes.UnZigZag(PackedBytes.ReadNumber(bytes, ref position));
        ticks += PackedBytes.UnZigZag(PackedBytes.ReadNumber(bytes, ref position));
        var offset = PackedBytes.UnZigZag(PackedBytes.ReadNumber(bytes, ref position));
        var record = new ExecutionEvent
        {
            Sequence = sequence,
            Timestamp = new DateTimeOffset(ticks, new TimeSpan(offset * TimeSpan.TicksPerMinute)),
            Kind = kind,
        };
        if ((flags & HasLevel) != 0) record.Level = (ExecutionLogLevel)PackedBytes.ReadNumber(bytes, ref position);
        if ((flags & HasStep) != 0) record.Step = (int)PackedBytes.UnZigZag(PackedBytes.ReadNumber(bytes, ref position));
        if ((flags & HasAttempt) != 0) record.Attempt = (int)PackedBytes.UnZigZag(PackedBytes.ReadNumber(bytes, ref position));
        if ((flags & HasIsSecret) != 0) record.IsSecret = (flags & IsSecretValue) != 0;
        if ((flags & HasCost) != 0) record.Cost = PackedBytes.ReadDecimal(bytes, ref position);
        if ((flags & HasSeconds) != 0)
        {
            var number = PackedBytes.ReadNumber(bytes, ref position);
            record.Seconds = (flags & SecondsAsBits) == 0 ? PackedBytes.UnZigZag(number) / 1000.0 : BitConverter.Int64BitsToDouble((long)number);
        }
        if ((flags & HasName) != 0) record.Name = PackedBytes.ReadText(bytes, ref position);
        if ((flags & HasValue) != 0) record.Value = PackedBytes.ReadText(bytes, ref position);
        if ((flags & HasMessage) != 0) record.Message = PackedBytes.ReadText(bytes, ref position);
        if ((flags & HasValues) != 0) record.Values = PackedBytes.ReadValues(bytes, ref position);
        return record;
    }
}

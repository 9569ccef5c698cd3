namespace IrlExec;

/// <summary>
/// One execution's history as <see cref="InMemoryExecutionStore"/> keeps it. The latest records (up to
/// <see cref="BlockSize"/>) are kept as appended; each full block of older ones is packed: its step records (started,
/// variable set, completed, log line: every record without a member of the rare kinds) become rows of numbers in one
/// array and their texts and named values <see cref="PackedText"/> in one array of characters, and its other records
/// (creation, status change, migration, signal, ...) stay as appended. A long execution then holds two large arrays
/// without references per block instead of a handful of objects per record: the garbage collector has next to nothing
/// to trace for it, and never moves it (the large-object heap), so a step costs the same at step 100,000 as at step 10.
/// A short execution's records are never copied. Reading gives the kept records and new records for the packed ones.
/// Not thread-safe: the store locks it.
/// </summary>
internal sealed class InMemoryHistory
{
    /// <summary>How many records are packed together (a block's rows take 128 KB).</summary>
    internal const int BlockSize = 2048;

    private const byte HasStep = 1, HasAttempt = 2, HasLevel = 4, HasIsSecret = 8, IsSecretValue = 16, HasCost = 32, HasSeconds = 64, Kept = 128;

    private readonly ChunkedList<ExecutionEvent> _recent = new();
    private readonly List<Block> _blocks = [];

    private sealed class Block(Row[] rows, char[] text, List<ExecutionEvent>? kept)
    {
        public readonly Row[] Rows = rows;
        public readonly char[] Text = text;
        public readonly List<ExecutionEvent>? Kept = kept;
    }

    private struct Row
    {
        public long Sequence;
        public long ClockTicks;
        public decimal Cost;
        public double Seconds;
        public int Step;
        public int Attempt;
        public int Text; // where its texts start in the block's text; a kept record: its index in the block's Kept
        public short OffsetMinutes;
        public byte Kind;
        public byte Level;
        public byte Flags;
    }

    /// <summary>How many records the history holds.</summary>
    public int Count => _blocks.Count * BlockSize + _recent.Count;

    /// <summary>Appends <paramref name="record"/>.</summary>
    public void Add(ExecutionEvent record)
    {
        _recent.Add(record);
        if (_recent.Count < BlockSize) return;
        _blocks.Add(Pack(_recent));
        _recent.Clear();
    }

    private static Block Pack(ChunkedList<ExecutionEvent> records)
    {
        var textLength = 0;
        for (var i = 0; i < records.Count; i++) textLength += Math.Max(0, TextLength(records[i]));
        var rows = new Row[records.Count];
        var text = new char[textLength];
        List<ExecutionEvent>? kept = null;
        var at = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            ref var row = ref rows[i];
            var length = TextLength(record);
            if (length < 0)
            {
                kept ??= [];
                row.Flags = Kept;
                row.Text = kept.Count;
                kept.Add(record);
                continue;
            }
            row.Sequence = record.Sequence;
            row.ClockTicks = record.Timestamp.Ticks;
            row.OffsetMinutes = (short)(record.Timestamp.Offset.Ticks / TimeSpan.TicksPerMinute);
            row.Kind = (byte)record.Kind;
            byte flags = 0;
            if (record.Step is { } step)
            {
                flags |= HasStep;
                row.Step = step;
            }
            if (record.Attempt is { } attempt)
            {
                flags |= HasAttempt;
                row.Attempt = attempt;
            }
            if (record.Level is { } level)
            {
                flags |= HasLevel;
                row.Level = (byte)level;
            }
            if (record.IsSecret is { } secret) flags |= secret ? (byte)(HasIsSecret | IsSecretValue) : HasIsSecret;
            if (record.Cost is { } cost)
            {
                flags |= HasCost;
                row.Cost = cost;
            }
            if (record.Seconds is { } seconds)
            {
                flags |= HasSeconds;
                row.Seconds = seconds;
            }
            row.Flags = flags;
            row.Text = at;
            var span = text.AsSpan(at, length);
            var written = PackedText.Write(span, record.Name);
            written += PackedText.Write(span[written..], record.Value);
            written += PackedText.Write(span[written..], record.Message);
            PackedText.Write(span[written..], record.Values);
            at += length;
        }
        return new Block(rows, text, kept);
    }

    // The characters a record's texts take, or -1 when it is kept as it is: a member of the rare kinds, a kind or level
    // outside a byte (a cast of the caller's), or a null pair in its values.
    private static int TextLength(ExecutionEvent record)
    {
        if (record.HasDetails || (uint)record.Kind > byte.MaxValue || (record.Level is { } level && (uint)level > byte.MaxValue)) return -1;
        var values = PackedText.Length(record.Values);
        return values < 0 ? -1 : PackedText.Length(record.Name) + PackedText.Length(record.Value) + PackedText.Length(record.Message) + values;
    }

    /// <summary>Every record, in order: the kept ones as appended, new ones for the packed.</summary>
    public List<ExecutionEvent> ToList()
    {
        var records = new List<ExecutionEvent>(Count);
        foreach (var block in _blocks)
        {
            for (var i = 0; i < block.Rows.Length; i++) records.Add(Read(block, in block.Rows[i]));
        }
        _recent.AppendTo(records);
        return records;
    }

    private static ExecutionEvent Read(Block block, in Row row)
    {
        var flags = row.Flags;
        if ((flags & Kept) != 0) return block.Kept![row.Text];
        var record = new ExecutionEvent
        {
            Sequence = row.Sequence,
            Timestamp = new DateTimeOffset(row.ClockTicks, TimeSpan.FromMinutes(row.OffsetMinutes)),
            Kind = (ExecutionEventKind)row.Kind,
            Step = (flags & HasStep) != 0 ? row.Step : null,
            Attempt = (flags & HasAttempt) != 0 ? row.Attempt : null,
            Level = (flags & HasLevel) != 0 ? (ExecutionLogLevel)row.Level : null,
            IsSecret = (flags & HasIsSecret) != 0 ? (flags & IsSecretValue) != 0 : null,
            Cost = (flags & HasCost) != 0 ? row.Cost : null,
            Seconds = (flags & HasSeconds) != 0 ? row.Seconds : null,
        };
        ReadOnlySpan<char> text = block.Text.AsSpan(row.Text);
        var position = 0;
        record.Name = PackedText.ReadText(text, ref position);
        record.Value = PackedText.ReadText(text, ref position);
        record.Message = PackedText.ReadText(text, ref position);
        record.Values = PackedText.ReadValues(text, ref position);
        return record;
    }
}

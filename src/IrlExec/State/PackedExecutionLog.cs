namespace IrlExec;

/// <summary>
/// The entries the projector adds to an <see cref="ExecutionState"/>'s execution log while nobody holds the log's list
/// (<see cref="ExecutionState.ExecutionLog"/> makes them into that list when first read). The latest entries (up to
/// <see cref="BlockSize"/>) are kept as made and each full block of older ones is packed into two arrays without references (rows of numbers, and characters: the tool,
/// errors, pause reason, inputs and outputs of each entry, copied from its records' lists); an entry with state changes
/// stays as made. A long-running
/// execution's live state then keeps no object per finished step for the garbage collector to trace or move.
/// </summary>
internal sealed class PackedExecutionLog
{
    /// <summary>How many entries are packed together.</summary>
    internal const int BlockSize = 2048;

    private const byte Kept = 1;

    private readonly ChunkedList<StepExecutionRecord> _recent = new();
    private readonly List<Block> _blocks = [];

    private sealed class Block(Row[] rows, char[] text, List<StepExecutionRecord>? kept)
    {
        public readonly Row[] Rows = rows;
        public readonly char[] Text = text;
        public readonly List<StepExecutionRecord>? Kept = kept;
    }

    private struct Row
    {
        public long ClockTicks;
        public decimal Cost;
        public double Seconds;
        public int Step;
        public int Attempt;
        public int Text; // where its texts start in the block's text; a kept entry: its index in the block's Kept
        public short OffsetMinutes;
        public byte Flags;
    }

    /// <summary>How many entries it holds.</summary>
    public int Count => _blocks.Count * BlockSize + _recent.Count;

    /// <summary>Adds an entry nobody else holds.</summary>
    public void Add(StepExecutionRecord entry)
    {
        _recent.Add(entry);
        if (_recent.Count < BlockSize) return;
        _blocks.Add(Pack(_recent));
        _recent.Clear();
    }

    /// <summary>Appends every entry, in order, to <paramref name="log"/> (made from the packed ones).</summary>
    public void AppendTo(List<StepExecutionRecord> log)
    {
        log.EnsureCapacity(log.Count + Count);
        foreach (var block in _blocks)
        {
            for (var i = 0; i < block.Rows.Length; i++) log.Add(Read(block, in block.Rows[i]));
        }
        _recent.AppendTo(log);
    }

    // The characters an entry takes, or -1 when it stays as made (state changes, or values that could not be packed).
    private static int TextLength(StepExecutionRecord entry)
    {
        var values = entry.PackedValuesLength;
        return values < 0 || entry.HasStateChanges
            ? -1
            : PackedText.Length(entry.ToolUsed) + PackedText.Length(entry.Errors) + PackedText.Length(entry.PauseReason) + values;
    }

    private static Block Pack(ChunkedList<StepExecutionRecord> entries)
    {
        var textLength = 0;
        for (var i = 0; i < entries.Count; i++) textLength += Math.Max(0, TextLength(entries[i]));
        var rows = new Row[entries.Count];
        var text = new char[textLength];
        List<StepExecutionRecord>? kept = null;
        var at = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            ref var row = ref rows[i];
            var length = TextLength(entry);
            if (length < 0)
            {
                kept ??= [];
                row.Flags = Kept;
                row.Text = kept.Count;
                kept.Add(entry);
                continue;
            }
            row.ClockTicks = entry.Timestamp.Ticks;
            row.OffsetMinutes = (short)(entry.Timestamp.Offset.Ticks / TimeSpan.TicksPerMinute);
            row.Cost = entry.ActualCost;
            row.Seconds = entry.ActualSeconds;
            row.Step = entry.Step;
            row.Attempt = entry.Attempt;
            row.Text = at;
            var span = text.AsSpan(at, length);
            var written = PackedText.Write(span, entry.ToolUsed);
            written += PackedText.Write(span[written..], entry.Errors);
            written += PackedText.Write(span[written..], entry.PauseReason);
            entry.WritePackedValues(span[written..]);
            at += length;
        }
        return new Block(rows, text, kept);
    }

    private static StepExecutionRecord Read(Block block, in Row row)
    {
        if ((row.Flags & Kept) != 0) return block.Kept![row.Text];
        ReadOnlySpan<char> text = block.Text.AsSpan(row.Text);
        var position = 0;
        var tool = PackedText.ReadText(text, ref position);
        var errors = PackedText.ReadText(text, ref position);
        var pauseReason = PackedText.ReadText(text, ref position);
        var valuesStart = position;
        PackedText.SkipValues(text, ref position);
        PackedText.SkipValues(text, ref position);
        return new StepExecutionRecord(new string(text[valuesStart..position]))
        {
            Step = row.Step,
            Timestamp = new DateTimeOffset(row.ClockTicks, TimeSpan.FromMinutes(row.OffsetMinutes)),
            Attempt = row.Attempt,
            ToolUsed = tool!,
            ActualCost = row.Cost,
            ActualSeconds = row.Seconds,
            Errors = errors,
            PauseReason = pauseReason,
        };
    }
}

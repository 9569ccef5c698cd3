namespace IrlExec;

/// <summary>
/// The entries the projector adds to an <see cref="ExecutionState"/>'s execution log while nobody holds the log's list
/// (<see cref="ExecutionState.ExecutionLog"/> makes them into that list when first read). Each entry is written as bytes
/// (<see cref="PackedBytes"/>) when it is added: its numbers (the timestamp as the difference from the entry before),
/// the tool, errors, pause reason, and copies of its inputs and outputs (about 30 bytes for a step with one value in
/// and out); an entry with state changes, or a null pair in its values, is kept as an object with its own copies. The
/// live state of a running execution then holds no object per finished step, and no list of the records it was made
/// from (the runner may reuse those once the entry is made).
/// </summary>
internal sealed class PackedExecutionLog
{
    private const byte Kept = 1;

    private readonly ByteChunks _bytes = new();
    private List<StepExecutionRecord>? _kept;
    private long _lastTicks;

    /// <summary>How many entries it holds.</summary>
    public int Count { get; private set; }

    /// <summary>Adds an entry nobody else holds, as it is.</summary>
    public void Add(StepExecutionRecord entry)
    {
        _kept ??= [];
        var chunk = _bytes.Room(1 + PackedBytes.MostNumberLength);
        var bytes = chunk.Bytes.AsSpan(chunk.Used);
        bytes[0] = Kept;
        chunk.Used += 1 + PackedBytes.WriteNumber(bytes[1..], (ulong)_kept.Count);
        _kept.Add(entry);
        Count++;
    }

    /// <summary>Adds an entry written as bytes, its values copied; false (nothing added) when a pair of the values is null.</summary>
    public bool TryAdd(int step, DateTimeOffset timestamp, int attempt, string tool, List<NamedValue>? inputs, List<NamedValue>? outputs, decimal cost, double seconds, string? errors, string? pauseReason)
    {
        var inputsLength = PackedBytes.MostLength(inputs);
        var outputsLength = PackedBytes.MostLength(outputs);
        if (inputsLength < 0 || outputsLength < 0) return false;
        var most = 1 + 7 * PackedBytes.MostNumberLength + 1 + inputsLength + outputsLength
            + PackedBytes.MostLength(tool) + PackedBytes.MostLength(errors) + PackedBytes.MostLength(pauseReason);
        var chunk = _bytes.Room(most);
        var bytes = chunk.Bytes.AsSpan(chunk.Used);
        bytes[0] = 0;
        var at = 1;
        at += PackedBytes.WriteNumber(bytes[at..], PackedBytes.ZigZag(timestamp.Ticks - _lastTicks));
        _lastTicks = timestamp.Ticks;
        at += PackedBytes.WriteNumber(bytes[at..], PackedBytes.ZigZag(timestamp.Offset.Ticks / TimeSpan.TicksPerMinute));
        at += PackedBytes.WriteNumber(bytes[at..], PackedBytes.ZigZag(step));
        at += PackedBytes.WriteNumber(bytes[at..], PackedBytes.ZigZag(attempt));
        at += PackedBytes.WriteDecimal(bytes[at..], cost);
        at += PackedBytes.WriteSeconds(bytes[at..], seconds);
        at += PackedBytes.WriteText(bytes[at..], tool);
        at += PackedBytes.WriteText(bytes[at..], errors);
        at += PackedBytes.WriteText(bytes[at..], pauseReason);
        at += PackedBytes.WriteValues(bytes[at..], inputs);
        at += PackedBytes.WriteValues(bytes[at..], outputs);
        chunk.Used += at;
        Count++;
        return true;
    }

    /// <summary>Appends every entry, in order, to <paramref name="log"/> (new entries for the written ones).</summary>
    public void AppendTo(List<StepExecutionRecord> log)
    {
        log.EnsureCapacity(log.Count + Count);
        long ticks = 0;
        foreach (var chunk in _bytes.Chunks)
        {
            var position = 0;
            while (position < chunk.Used) log.Add(Read(chunk.Bytes, ref position, ref ticks));
        }
    }

    private StepExecutionRecord Read(byte[] bytes, ref int position, ref long ticks)
    {
        if (bytes[position++] == Kept) return _kept![(int)PackedBytes.ReadNumber(bytes, ref position)];
        ticks += PackedBytes.UnZigZag(PackedBytes.ReadNumber(bytes, ref position));
        var offset = PackedBytes.UnZigZag(PackedBytes.ReadNumber(bytes, ref position));
        var step = (int)PackedBytes.UnZigZag(PackedBytes.ReadNumber(bytes, ref position));
        var attempt = (int)PackedBytes.UnZigZag(PackedBytes.ReadNumber(bytes, ref position));
        var cost = PackedBytes.ReadDecimal(bytes, ref position);
        var seconds = PackedBytes.ReadSeconds(bytes, ref position);
        var tool = PackedBytes.ReadText(bytes, ref position);
        var errors = PackedBytes.ReadText(bytes, ref position);
        var pauseReason = PackedBytes.ReadText(bytes, ref position);
        var inputs = PackedBytes.ReadValues(bytes, ref position);
        var outputs = PackedBytes.ReadValues(bytes, ref position);
        return new StepExecutionRecord(null, null, null)
        {
            Step = step,
            Timestamp = new DateTimeOffset(ticks, new TimeSpan(offset * TimeSpan.TicksPerMinute)),
            Attempt = attempt,
            ToolUsed = tool!,
            RealInputs = inputs,
            RealOutputs = outputs,
            ActualCost = cost,
            ActualSeconds = seconds,
            Errors = errors,
            PauseReason = pauseReason,
        };
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// Serializes one execution's snapshot again and again, byte for byte as
/// <c>JsonSerializer.SerializeToUtf8Bytes(state, JsonFiles.Readable.ExecutionState)</c> would, but keeps the JSON of each
/// step and each execution log entry until it changes: after a step, a rewrite serializes the step that changed and the
/// new log entry, and copies the rest. The plan and the log are nearly all of a snapshot and grow with the execution.
/// </summary>
/// <remarks>
/// Steps change only in their status, attempts and last error (what the projector sets); log entries never change once
/// written (the history only grows), so they are kept by identity and position, like the markdown renderer's blocks.
/// </remarks>
internal sealed class SnapshotRenderer
{
    private static readonly JsonSerializerOptions Options = CreateOptions();
    private static readonly JsonTypeInfo<ExecutionState> StateInfo = (JsonTypeInfo<ExecutionState>)Options.GetTypeInfo(typeof(ExecutionState));

    // The renderer whose caches the list converters use during one Render call (serialization is synchronous).
    [ThreadStatic]
    private static SnapshotRenderer? t_current;

    // The writer's layout for the contexts' options: indented, two spaces per level, the platform's line break.
    private static readonly JsonWriterOptions ElementWriterOptions = new()
    {
        Encoder = JsonFiles.Readable.Options.Encoder,
        Indented = JsonFiles.Readable.Options.WriteIndented,
        MaxDepth = JsonFiles.Readable.Options.MaxDepth,
    };

    private static readonly byte[] NewLine = Encoding.UTF8.GetBytes(Environment.NewLine);

    private readonly Dictionary<int, (StepState Step, StepStatus Status, int Attempts, string? Error, int Depth, byte[] Json)> _steps = [];
    private readonly List<(StepExecutionRecord Record, int Depth, byte[] Json)> _log = [];

    // Each new element is serialized here, then copied once, indented, into the array that is kept.
    private readonly System.Buffers.ArrayBufferWriter<byte> _element = new(1024);
    private Utf8JsonWriter? _elementWriter;

    /// <summary>The snapshot of <paramref name="state"/> as UTF-8 JSON (indented, as people read it).</summary>
    public byte[] Render(ExecutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var previous = t_current;
        t_current = this;
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(state, StateInfo);
        }
        finally
        {
            t_current = previous;
        }
    }

    /// <summary>
    /// Writes the same bytes as <see cref="Render"/> to <paramref name="output"/>, through the serializer's pooled
    /// buffers: a large snapshot then costs no array of its own (which would land on the large object heap).
    /// </summary>
    public void RenderTo(ExecutionState state, Stream output)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(output);
        var previous = t_current;
        t_current = this;
        try
        {
            JsonSerializer.Serialize(output, state, StateInfo);
        }
        finally
        {
            t_current = previous;
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonFiles.Readable.Options) { TypeInfoResolver = null };
        options.Converters.Add(new CachedStepsConverter());
        options.Converters.Add(new CachedLogConverter());
        var context = new IndentedJsonContext(options); // binds the options to the generated metadata
        return context.Options;
    }

    private byte[] StepJson(StepState step, int depth)
    {
        if (_steps.TryGetValue(step.Order, out var cached) && ReferenceEquals(cached.Step, step) && cached.Status == step.Status &&
            cached.Attempts == step.Attempts && ReferenceEquals(cached.Error, step.LastError) && cached.Depth == depth)
        {
            return cached.Json;
        }
        var json = Fragment(Serialize(step, SnapshotElementWriter.Write), depth);
        _steps[step.Order] = (step, step.Status, step.Attempts, step.LastError, depth, json);
        return json;
    }

    private byte[] RecordJson(List<StepExecutionRecord> records, int index, int depth)
    {
        var record = records[index];
        if (index < _log.Count && (!ReferenceEquals(_log[index].Record, record) || _log[index].Depth != depth)) _log.RemoveRange(index, _log.Count - index);
        if (index == _log.Count) _log.Add((record, depth, Fragment(Serialize(record, SnapshotElementWriter.Write), depth)));
        return _log[index].Json;
    }

    // The element's JSON, as JsonSerializer.SerializeToUtf8Bytes writes it (SnapshotElementWriter), in the renderer's
    // buffer (valid until the next call).
    private ReadOnlySpan<byte> Serialize<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        _element.ResetWrittenCount();
        var writer = _elementWriter ??= new Utf8JsonWriter(_element, ElementWriterOptions);
        writer.Reset(_element);
        write(writer, value);
        writer.Flush();
        return _element.WrittenSpan;
    }

    // An element as an indented writer would put it inside an array at `depth`: a line break and the element's
    // indentation first, and every line of the element indented by as much. Raw values are copied as they are, so the
    // fragment carries its own layout; a line break inside JSON text is always between tokens (strings escape theirs),
    // and each one ends with '\n' (the platform's line break is "\n" or "\r\n"), so the indentation goes after each '\n'.
    private static byte[] Fragment(ReadOnlySpan<byte> element, int depth)
    {
        var indent = 2 * depth;
        var fragment = new byte[NewLine.Length + indent + element.Length + element.Count((byte)'\n') * indent];
        var at = NewLine.Length;
        NewLine.CopyTo(fragment, 0);
        while (true)
        {
            fragment.AsSpan(at, indent).Fill((byte)' ');
            at += indent;
            var end = element.IndexOf((byte)'\n');
            if (end < 0) break;
            element[..(end + 1)].CopyTo(fragment.AsSpan(at));
            at += end + 1;
            element = element[(end + 1)..];
        }
        element.CopyTo(fragment.AsSpan(at));
        return fragment;
    }

    private static void WriteArray<T>(Utf8JsonWriter writer, List<T> items, Func<SnapshotRenderer, int, int, byte[]> element)
    {
        var renderer = t_current ?? throw new InvalidOperationException("The snapshot list converters run only inside SnapshotRenderer.Render.");
        writer.WriteStartArray();
        // Elements sit one level below the array, which sits at the writer's current depth.
        var depth = writer.CurrentDepth;
        for (var i = 0; i < items.Count; i++)
        {
            writer.WriteRawValue(element(renderer, i, depth), skipInputValidation: true);
            BackgroundWork.Yield();
        }
        writer.WriteEndArray();
    }

    private sealed class CachedStepsConverter : JsonConverter<List<StepState>>
    {
        public override List<StepState> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Only for writing snapshots; SnapshotWriter.Read reads them with the standard contract.");

        public override void Write(Utf8JsonWriter writer, List<StepState> value, JsonSerializerOptions options) =>
            WriteArray(writer, value, (renderer, i, depth) => renderer.StepJson(value[i], depth));
    }

    private sealed class CachedLogConverter : JsonConverter<List<StepExecutionRecord>>
    {
        public override List<StepExecutionRecord> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Only for writing snapshots; SnapshotWriter.Read reads them with the standard contract.");

        public override void Write(Utf8JsonWriter writer, List<StepExecutionRecord> value, JsonSerializerOptions options) =>
            WriteArray(writer, value, (renderer, i, depth) => renderer.RecordJson(value, i, depth));
    }
}

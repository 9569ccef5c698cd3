using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// The on-disk form of a history: one JSON object per line (JSON Lines), each ending with a <c>"crc"</c> member that
/// holds the CRC-32 of the object's bytes without it. A last line without its newline is a torn write and is dropped;
/// any other damaged line is an error naming the file and record number.
/// </summary>
public static class HistoryCodec
{
    private static readonly byte[] CrcMarker = Encoding.ASCII.GetBytes(",\"crc\":\"");

    // A record's JSON is written into this thread's scratch buffer first: its checksum is written after it.
    [ThreadStatic]
    private static EncodeScratch? t_scratch;

    /// <summary>Encodes one record as a line (with its newline) into <paramref name="buffer"/>.</summary>
    public static void Encode(ExecutionEvent record, IBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(buffer);
        if (!HistoryRecordWriter.WritesByHand(record))
        {
            // A record with a plan or a whole state (a few per execution) can be hundreds of KB: the serializer's pooled
            // buffers grow to that faster than the scratch writer (1.2 ms against 0.8 for a plan of 500 steps).
            // Its plan's bytes are encoded once per plan (PlanShapeBytes).
            WriteLine(JsonSerializer.SerializeToUtf8Bytes(record, PlanShapeBytes.Context.ExecutionEvent), buffer);
            return;
        }
        var scratch = t_scratch ??= new EncodeScratch();
        scratch.Reset();
        HistoryRecordWriter.WriteMembers(scratch.Writer, record);
        scratch.Writer.Flush();
        WriteLine(scratch.Json.WrittenSpan, buffer);
        // A rare long record (a log line of megabytes) does not pin its buffer to the thread.
        if (scratch.Json.Capacity > EncodeScratch.KeptCapacity) t_scratch = null;
    }

    // The record's JSON as a line: the object without its closing brace, its checksum as the last member, and a newline.
    private static void WriteLine(ReadOnlySpan<byte> json, IBufferWriter<byte> buffer)
    {
        var crc = Crc32.Compute(json);
        var span = buffer.GetSpan(json.Length + CrcMarker.Length + 11);
        json[..^1].CopyTo(span); // everything but the closing brace
        var written = json.Length - 1;
        CrcMarker.CopyTo(span[written..]);
        written += CrcMarker.Length;
        crc.TryFormat(span[written..], out var hexLength, "x8", CultureInfo.InvariantCulture);
        written += hexLength;
        span[written++] = (byte)'"';
        span[written++] = (byte)'}';
        span[written++] = (byte)'\n';
        buffer.Advance(written);
    }

    private sealed class EncodeScratch
    {
        public const int KeptCapacity = 64 * 1024;

        public EncodeScratch() => Writer = new Utf8JsonWriter(Json);

        public ArrayBufferWriter<byte> Json { get; } = new(1024);

        public Utf8JsonWriter Writer { get; }

        public void Reset()
        {
            Json.ResetWrittenCount();
            Writer.Reset(Json);
        }
    }

    /// <summary>The result of <see cref="Decode"/>: the records, and how many bytes of the file they occupy.</summary>
    public readonly record struct DecodeResult(IReadOnlyList<ExecutionEvent> Records, long ValidLength, bool TornTailDropped);

    /// <summary>Decodes a whole history file.</summary>
    /// <exception cref="ExecutionDataException">A complete record is damaged, or records are out of sequence.</exception>
    public static DecodeResult Decode(ReadOnlySpan<byte> data, string filePath)
    {
        var records = new List<ExecutionEvent>();
        var offset = 0;
        var lineNumber = 0;
        while (offset < data.Length)
        {
            var rest = data[offset..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                // A record whose newline never reached the disk: the write was torn (process killed or power cut) and
                // the record was never reported committed, so it is dropped.
                return new DecodeResult(records, offset, TornTailDropped: true);
            }
            lineNumber++;
            var line = rest[..newline];
            if (line.Length > 0 && line.IndexOfAnyExcept((byte)0) < 0 && rest[(newline + 1)..].IndexOfAnyExcept((byte)0, (byte)'\n') < 0)
            {
                // A tail of zero bytes: the file was extended but the data never written (power cut). Treat as torn.
                return new DecodeResult(records, offset, TornTailDropped: true);
            }
            var record = DecodeLine(line, filePath, lineNumber);
            if (record.Sequence != lineNumber)
            {
                throw new ExecutionDataException(filePath, lineNumber, $"history record {lineNumber} has sequence number {record.Sequence}; expected {lineNumber} (records are numbered from 1 without gaps).");
            }
            records.Add(record);
            offset += newline + 1;
        }
        return new DecodeResult(records, offset, TornTailDropped: false);
    }

    internal static ExecutionEvent DecodeLine(ReadOnlySpan<byte> line, string filePath, int lineNumber)
    {
        var marker = line.LastIndexOf(CrcMarker);
        const int hexLength = 8;
        if (marker < 0 || line.Length != marker + CrcMarker.Length + hexLength + 2 || line[^2] != (byte)'"' || line[^1] != (byte)'}')
        {
            throw new ExecutionDataException(filePath, lineNumber, $"history record {lineNumber} is damaged: expected a JSON object ending with \"crc\":\"<8 hex digits>\"}}.");
        }
        var hex = Encoding.ASCII.GetString(line.Slice(marker + CrcMarker.Length, hexLength));
        if (!uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var expected))
        {
            throw new ExecutionDataException(filePath, lineNumber, $"history record {lineNumber} is damaged: its checksum '{hex}' is not 8 hex digits.");
        }
        var payload = new byte[marker + 1];
        line[..marker].CopyTo(payload);
        payload[marker] = (byte)'}';
        var actual = Crc32.Compute(payload);
        if (actual != expected)
        {
            throw new ExecutionDataException(filePath, lineNumber, $"history record {lineNumber} is damaged: checksum {actual:x8} does not match the recorded {expected:x8}.");
        }
        try
        {
            return JsonSerializer.Deserialize(payload, HistoryJsonContext.Default.ExecutionEvent)
                ?? throw new ExecutionDataException(filePath, lineNumber, $"history record {lineNumber} is null; expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ExecutionDataException(filePath, lineNumber, $"history record {lineNumber} is not a valid record: {e.Message}", e);
        }
    }
}

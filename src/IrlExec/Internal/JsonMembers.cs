using System.Text.Json;

namespace IrlExec.Internal;

/// <summary>
/// Members written the way IrlExec's JSON contexts serialize them, for the writers that skip the serializer
/// (<see cref="HistoryRecordWriter"/>, <see cref="SnapshotElementWriter"/>): both must write the serializer's bytes.
/// </summary>
internal static class JsonMembers
{
    /// <summary>The member <c>name</c> (of a name/value pair, a history record, a step).</summary>
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");

    /// <summary>The member <c>value</c> (of a name/value pair, a history record).</summary>
    public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");

    /// <summary>A string member, left out when null (the contexts ignore null members when writing).</summary>
    public static void WriteIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null) writer.WriteString(name, value);
    }

    /// <summary>
    /// A list of name/value pairs, left out when null. Names and values declared non-null can still be null in a state
    /// read from a damaged or hand-made file: a null pair is written as null, and a null name or value is left out.
    /// </summary>
    public static void WriteNamedValues(Utf8JsonWriter writer, JsonEncodedText name, List<NamedValue>? values)
    {
        if (values is null) return;
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            if (value is null)
            {
                writer.WriteNullValue();
                continue;
            }
            writer.WriteStartObject();
            WriteIfNotNull(writer, Name, value.Name);
            WriteIfNotNull(writer, Value, value.Value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IrlExec;

/// <summary>
/// Values as a person reads them, for the human-facing views (<c>execution_state.md</c>, <c>irlexec status</c>): a JSON
/// string is shown as its text, other JSON is re-written with only the escapes JSON requires (<c>-&gt;</c>, not
/// <c>-\u003E</c>; <c>😀</c>, not <c>\uD83D\uDE00</c>), compact when it is short and indented when it is long. The
/// meaning never changes: the re-written JSON reads back as the same value. The history keeps the JSON as the
/// workflow's serializer wrote it.
/// </summary>
public static class ReadableJson
{
    /// <summary>JSON up to this many characters on one line is shown compact; longer JSON is indented.</summary>
    public const int CompactWidth = 80;

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

#if NET9_0_OR_GREATER
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, IndentSize = 2, NewLine = "\n" };
#else
    // Two spaces; the line break is the platform's (made \n below: raw line breaks only occur between tokens).
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };
#endif

    /// <summary>
    /// <paramref name="json"/> re-written readably: compact or indented (two spaces, <c>\n</c> line breaks), printable
    /// characters unescaped (control characters, quotes, backslashes and invisible separators stay escaped).
    /// </summary>
    /// <exception cref="JsonException"><paramref name="json"/> is not JSON.</exception>
    public static string Format(string json, bool indented)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(json.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact)) document.RootElement.WriteTo(writer);
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
#if !NET9_0_OR_GREATER
        if (indented) text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
#endif
        return UnescapePrintable(text);
    }

    /// <summary>
    /// A persisted value (its JSON) as shown to a person: a string's text; an object or array compact when it fits
    /// <see cref="CompactWidth"/> characters, else indented; other JSON (numbers, <c>true</c>, <c>null</c>) as it is.
    /// Text that is not JSON is returned as it is.
    /// </summary>
    public static string Display(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var start = json.AsSpan().TrimStart(" \t\r\n");
        if (start.IsEmpty) return json;
        try
        {
            switch (start[0])
            {
                case '"':
                    using (var document = JsonDocument.Parse(json)) return document.RootElement.GetString() ?? "";
                case '{' or '[':
                    return FormatContainer(json);
                default:
                    return json;
            }
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>
    /// A display text that may be the JSON of an object or array (a step's real input or output): re-written as
    /// <see cref="Display"/> does; any other text as it is.
    /// </summary>
    internal static string DisplayText(string text)
    {
        if (text.Length < 2 || text[0] is not ('{' or '[') || text[^1] is not ('}' or ']') || !MarkdownValueCodec.IsJson(text)) return text;
        return FormatContainer(text);
    }

    private static string FormatContainer(string json)
    {
        var compact = Format(json, indented: false);
        return compact.Length <= CompactWidth ? compact : Format(json, indented: true);
    }

    /// <summary>Whether a character is shown as it is inside readable JSON and the views (not a control or invisible separator).</summary>
    internal static bool IsPrintable(int codePoint) =>
        codePoint >= 0x20 && !(codePoint is >= 0x7F and <= 0x9F) && codePoint is not ('"' or '\\' or 0x2028 or 0x2029 or 0xFEFF or 0xA0)
        && !(codePoint is >= 0xD800 and <= 0xDFFF);

    // The relaxed encoder still escapes every character outside the basic plane and a few inside it: the \uXXXX escapes
    // of printable characters (a surrogate pair as one character) become the characters themselves. Other escapes stay.
    internal static string UnescapePrintable(string json)
    {
        var first = json.IndexOf("\\u", StringComparison.Ordinal);
        if (first < 0) return json;
        var text = new StringBuilder(json.Length);
        text.Append(json, 0, first);
        for (var i = first; i < json.Length; i++)
        {
            var c = json[i];
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }
            if (json[i + 1] != 'u')
            {
                text.Append(c).Append(json[i + 1]); // \n, \", \\ ...: kept, and the escaped character is not read again.
                i++;
                continue;
            }
            var unit = Hex(json, i + 2);
            if (char.IsHighSurrogate((char)unit) && i + 12 <= json.Length && json[i + 6] == '\\' && json[i + 7] == 'u' && char.IsLowSurrogate((char)Hex(json, i + 8)))
            {
                var low = Hex(json, i + 8);
                var codePoint = char.ConvertToUtf32((char)unit, (char)low);
                if (IsPrintable(codePoint)) text.Append((char)unit).Append((char)low);
                else text.Append(json, i, 12);
                i += 11;
                continue;
            }
            if (IsPrintable(unit)) text.Append((char)unit);
            else text.Append(json, i, 6);
            i += 5;
        }
        return text.ToString();
    }

    private static int Hex(string text, int at) => int.Parse(text.AsSpan(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}

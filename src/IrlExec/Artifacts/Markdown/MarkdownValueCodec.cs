using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IrlExec;

/// <summary>
/// How one value is written in <c>execution_state.md</c> so that it parses back: short single-line values are written
/// as they are after the field name; multi-line values go in a <c>```text</c> fenced block (indented lines included);
/// JSON objects and arrays are written readably (<see cref="ReadableJson"/>), in a <c>```json</c> block when long;
/// anything else (empty where empty is not allowed, a reserved word such as <c>none</c>, control characters, a line
/// with one leading space or a leading tab, trailing whitespace) goes in a <c>```json</c> fenced block holding a JSON
/// string. Fences are longer than any backtick run inside.
/// </summary>
internal static class MarkdownValueCodec
{
    /// <summary>The written form of a value: inline text, or a fenced block (info string and content).</summary>
    public readonly record struct Encoded(string? Inline, string? FenceInfo, string? FenceContent)
    {
        public bool IsInline => Inline is not null;
    }

    public const string TextFence = "text";
    public const string JsonFence = "json";
    public const string JsonLinesFence = "jsonl";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Encodes a text value. <paramref name="reserved"/> lists inline spellings with another meaning (e.g. <c>none</c>).</summary>
    public static Encoded EncodeText(string value, bool allowEmptyInline, params string[] reserved)
    {
        if (value.Length == 0) return allowEmptyInline ? new Encoded("", null, null) : JsonString(value);
        if (IsInlineSafe(value) && !IsReserved(value, reserved)) return new Encoded(value, null, null);
        if (IsTextBlockSafe(value)) return new Encoded(null, TextFence, value);
        return JsonString(value);
    }

    /// <summary>
    /// Encodes a value that stands alone after a list marker (<c>- value</c>): there, text that starts like a Markdown
    /// block (<c>#</c>, <c>-</c>, <c>&gt;</c>, <c>```</c>, <c>***</c>, <c>1.</c>, ...) would be read as that block, so
    /// only text starting with a letter, or a digit not followed by a list number's <c>.</c>/<c>)</c>, stays inline.
    /// </summary>
    public static Encoded EncodeBareItem(string value, params string[] reserved)
    {
        var encoded = EncodeText(value, false, reserved);
        if (!encoded.IsInline || StartsPlainly(value)) return encoded;
        return JsonString(value);
    }

    private static bool StartsPlainly(string value)
    {
        if (char.IsLetter(value[0])) return true;
        if (!char.IsAsciiDigit(value[0])) return false;
        var i = 0;
        while (i < value.Length && char.IsAsciiDigit(value[i])) i++;
        return i == value.Length || value[i] is not ('.' or ')');
    }

    /// <summary>A value in a <c>```json</c> block as a JSON string literal (exact for any string).</summary>
    public static Encoded JsonString(string value) => new(null, JsonFence, ToJsonString(value));

    /// <summary>Whether a value can stand on the line after its field name and be read back unchanged.</summary>
    public static bool IsInlineSafe(string value)
    {
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) return false;
        return HasOnlyPlainCharacters(value, allowNewline: false);
    }

    /// <summary>Whether a multi-line value can be written as the lines of a <c>```text</c> block and read back unchanged.</summary>
    public static bool IsTextBlockSafe(string value)
    {
        if (!value.Contains('\n', StringComparison.Ordinal) || !HasOnlyPlainCharacters(value, allowNewline: true)) return false;
        var lines = value.Split('\n');
        if (lines[0].Length == 0 || lines[^1].Length == 0) return false;
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            // Trailing spaces are invisible. Inside a list item Markdig keeps a line's leading spaces in a fenced block,
            // except a single one (dropped), and turns a leading tab into spaces: indented text (indented JSON, YAML,
            // code) stays a readable block, and text with either goes in a ```json block instead.
            if (char.IsWhiteSpace(line[^1])) return false;
            var indent = 0;
            while (indent < line.Length && line[indent] == ' ') indent++;
            if (indent == 1 || (indent < line.Length && char.IsWhiteSpace(line[indent]))) return false;
        }
        return true;
    }

    private static bool HasOnlyPlainCharacters(string value, bool allowNewline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\n' && allowNewline) continue;
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' or '\u00A0') return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return false;
        }
        return true;
    }

    private static bool IsReserved(string value, string[] reserved)
    {
        foreach (var word in reserved)
        {
            if (string.Equals(value, word, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>A JSON string literal for <paramref name="value"/> (readable: printable characters are not escaped).</summary>
    public static string ToJsonString(string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) writer.WriteStringValue(value);
        return ReadableJson.UnescapePrintable(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Reads a JSON string literal, or returns null when <paramref name="json"/> is not one.</summary>
    public static string? FromJsonString(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="text"/> is a complete JSON value.</summary>
    public static bool IsJson(string text)
    {
        // Most string variables are plain text: deciding those without a parse saves the exception it would throw (a
        // rewrite of the markdown asks this of every string variable). Only a letter t, f or n, a digit, '-', '"', '{'
        // or '[' can start a JSON value, and one starting with t, f or n is a literal.
        var value = text.AsSpan().Trim(" \t\r\n");
        if (value.IsEmpty) return false;
        switch (value[0])
        {
            case 't': return value.SequenceEqual("true");
            case 'f': return value.SequenceEqual("false");
            case 'n': return value.SequenceEqual("null");
            case '{' or '[' or '"' or '-' or (>= '0' and <= '9'): break;
            default: return false;
        }
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Encodes a variable: <c>***</c> for a secret; a JSON string as its text (inline, or a <c>```text</c> block for
    /// several lines); other JSON readably (<see cref="ReadableJson"/>): inline when short, else an indented
    /// <c>```json</c> block. Text that would read back as something else (JSON-looking text, <c>***</c>, control
    /// characters) is written as a JSON string literal. It reads back as the same value (JSON re-written without
    /// needless escapes or with another indentation is the same value).
    /// </summary>
    public static Encoded EncodeVariable(VariableState variable)
    {
        if (variable.IsSecret) return new Encoded(SecretRedactor.Mask, null, null);
        var json = variable.Json;
        var text = FromJsonString(json);
        if (text is not null)
        {
            if (text != SecretRedactor.Mask && IsInlineSafe(text) && !IsJson(text)) return new Encoded(text, null, null);
            if (IsTextBlockSafe(text)) return new Encoded(null, TextFence, text); // a block always reads back as text.
            var literal = ToJsonString(text);
            return IsInlineSafe(literal) ? new Encoded(literal, null, null) : new Encoded(null, JsonFence, literal);
        }
        return EncodeJson(json);
    }

    /// <summary>
    /// Encodes a shown value (an input's reference, a real input or output): text as <see cref="EncodeText"/> does,
    /// except a JSON object or array, which is written readably: inline when short, else an indented <c>```json</c>
    /// block (the parser reads a block holding an object or array as that JSON's text).
    /// </summary>
    public static Encoded EncodeShownValue(string value)
    {
        // Only JSON as a serializer writes it (no whitespace around it): text padded with spaces is kept as it is.
        if (value.Length >= 2 && value[0] is '{' or '[' && value[^1] is '}' or ']' && !IsReadableAsItIs(value) && IsJson(value))
        {
            var readable = ReadableJson.DisplayText(value);
            if (readable.Contains('\n', StringComparison.Ordinal)) return new Encoded(null, JsonFence, readable);
            if (IsInlineSafe(readable)) return new Encoded(readable, null, null);
        }
        return EncodeText(value, allowEmptyInline: true);
    }

    // Short, on one line, without \u escapes: written exactly as it is.
    private static bool IsReadableAsItIs(string json) =>
        json.Length <= ReadableJson.CompactWidth && !json.Contains("\\u", StringComparison.Ordinal) && IsInlineSafe(json);

    // JSON other than a string: inline when its readable compact form is short, else indented in a ```json block.
    private static Encoded EncodeJson(string json)
    {
        if (IsReadableAsItIs(json)) return new Encoded(json, null, null);
        var compact = ReadableJson.Format(json, indented: false);
        if (compact.Length <= ReadableJson.CompactWidth && IsInlineSafe(compact)) return new Encoded(compact, null, null);
        return new Encoded(null, JsonFence, ReadableJson.Format(json, indented: true));
    }

    /// <summary>Reads a variable value written inline: <c>***</c> is a secret, JSON is JSON, anything else is a string.</summary>
    public static VariableState DecodeInlineVariable(string name, string value)
    {
        if (value == SecretRedactor.Mask) return new VariableState { Name = name, Json = SecretRedactor.MaskJson, IsSecret = true };
        return new VariableState { Name = name, Json = IsJson(value) ? CanonicalJson(value) : CanonicalStringJson(value) };
    }

    /// <summary>
    /// JSON read back from the file: a JSON string as the runtime writes strings (the file shows it with fewer escapes),
    /// any other JSON as it is.
    /// </summary>
    public static string CanonicalJson(string json) => FromJsonString(json) is { } text ? CanonicalStringJson(text) : json;

    /// <summary>The JSON the runtime writes for a string variable.</summary>
    public static string CanonicalStringJson(string text) => JsonSerializer.Serialize(text, Internal.IrlExecJsonContext.Default.String);

    /// <summary>A fence of backticks longer than any run of backticks in <paramref name="content"/> (at least three).</summary>
    public static string FenceFor(string content)
    {
        int longest = 0, run = 0;
        foreach (var c in content)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return new string('`', Math.Max(3, longest + 1));
    }

    // ---- Scalars ----

    /// <summary><c>2026-02-08T00:47:25Z</c>, with fractional seconds only when there are some.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private const string TimestampFormat = IrlExec.Internal.UtcTimestamp.Format;

    // At least two decimals, and every other digit a decimal can hold (28 in all): never rounded.
    private const string CostFormat = "0.00##########################";

    /// <summary>Reads an ISO 8601 timestamp (UTC assumed when no offset is given).</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary><c>$0.05</c>: at least two decimals, never rounded.</summary>
    public static string FormatCost(decimal value)
    {
        // The only string made is the result (a decimal is at most 29 digits, a sign and a point).
        Span<char> text = stackalloc char[64];
        text[0] = '$';
        if (!value.TryFormat(text[1..], out var written, CostFormat, CultureInfo.InvariantCulture)) throw new UnreachableException();
        return new string(text[..(written + 1)]);
    }

    /// <summary>Reads <c>$0.05</c> (the dollar sign is optional).</summary>
    public static bool TryParseCost(string text, out decimal value)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('$')) trimmed = trimmed[1..].TrimStart();
        return decimal.TryParse(trimmed, NumberStyles.Number, CultureInfo.InvariantCulture, out value) && value >= 0;
    }

    /// <summary><c>3s</c>, <c>0.125s</c>: seconds, exact.</summary>
    public static string FormatSeconds(double value)
    {
        // The only string made is the result ("R" writes at most 17 significant digits, a sign, a point and an exponent).
        Span<char> text = stackalloc char[64];
        if (!value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture)) throw new UnreachableException();
        text[written] = 's';
        return new string(text[..(written + 1)]);
    }

    /// <summary>Reads <c>3s</c>, <c>250ms</c>, <c>2m</c>, <c>1h</c>, or a bare number of seconds.</summary>
    public static bool TryParseSeconds(string text, out double seconds)
    {
        var trimmed = text.Trim();
        double factor = 1;
        string number;
        if (trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase)) (number, factor) = (trimmed[..^2], 0.001);
        else if (trimmed.EndsWith("min", StringComparison.OrdinalIgnoreCase)) (number, factor) = (trimmed[..^3], 60);
        else if (trimmed.EndsWith('s') || trimmed.EndsWith('S')) number = trimmed[..^1];
        else if (trimmed.EndsWith('m') || trimmed.EndsWith('M')) (number, factor) = (trimmed[..^1], 60);
        else if (trimmed.EndsWith('h') || trimmed.EndsWith('H')) (number, factor) = (trimmed[..^1], 3600);
        else number = trimmed;
        if (!double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
        {
            seconds = 0;
            return false;
        }
        seconds = factor == 1 ? value : value * factor;
        return true;
    }
}

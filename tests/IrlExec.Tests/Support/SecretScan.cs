using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace IrlExec.Tests.Support;

/// <summary>
/// Looks for a secret in what a run left behind, in every spelling a writer could give it: as it is; JSON-escaped by
/// each System.Text.Json encoder, once and twice (JSON held in a JSON string), with upper- and lower-case hex; Markdown-
/// and HTML-escaped; and, in anything that parses as JSON or JSON Lines, in every decoded string and property name, down
/// through strings that hold JSON themselves. Compressed files and tar archives are read entry by entry. Written apart
/// from the product's own masking code, so that a spelling the product forgets is found here.
/// </summary>
public static class SecretScan
{
    private static readonly JavaScriptEncoder[] Encoders =
    [
        JavaScriptEncoder.Default,
        JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        JavaScriptEncoder.Create(UnicodeRanges.All),
        JavaScriptEncoder.Create(UnicodeRanges.BasicLatin),
    ];

    /// <summary>The spellings of <paramref name="secret"/> looked for in raw text.</summary>
    public static IReadOnlyList<string> Spellings(string secret)
    {
        var spellings = new HashSet<string>(StringComparer.Ordinal) { secret, WebUtility.HtmlEncode(secret), Markdown(secret) };
        foreach (var inner in Encoders)
        {
            var once = JsonEncodedText.Encode(secret, inner).ToString();
            spellings.Add(once);
            spellings.Add(LowerHex(once));
            foreach (var outer in Encoders)
            {
                var twice = JsonEncodedText.Encode(once, outer).ToString();
                spellings.Add(twice);
                spellings.Add(LowerHex(twice));
            }
        }
        return [.. spellings];
    }

    /// <summary>Every file under <paramref name="root"/> (and inside its archives) where the secret is found, with how.</summary>
    public static List<string> InFiles(string secret, string root)
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (file.EndsWith(".tar.gz", StringComparison.Ordinal))
            {
                using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                using var tar = new TarReader(stream);
                while (tar.GetNextEntry() is { } entry)
                {
                    if (entry.DataStream is null) continue;
                    using var reader = new StreamReader(entry.DataStream, Encoding.UTF8);
                    found.AddRange(InText(secret, relative + "!" + entry.Name, reader.ReadToEnd()));
                }
            }
            else if (file.EndsWith(".gz", StringComparison.Ordinal))
            {
                using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress), Encoding.UTF8);
                found.AddRange(InText(secret, relative, reader.ReadToEnd()));
            }
            else
            {
                found.AddRange(InText(secret, relative, File.ReadAllText(file)));
            }
        }
        return found;
    }

    /// <summary>Where <paramref name="text"/> (named <paramref name="where"/>) holds the secret, with how.</summary>
    public static List<string> InText(string secret, string where, string? text)
    {
        var found = new List<string>();
        if (string.IsNullOrEmpty(text)) return found;
        foreach (var spelling in Spellings(secret))
        {
            var at = text.IndexOf(spelling, StringComparison.Ordinal);
            if (at >= 0) found.Add($"{where}: spelled {Show(spelling)} at {at}: ...{Show(text.Substring(Math.Max(0, at - 40), Math.Min(text.Length - Math.Max(0, at - 40), spelling.Length + 80)))}...");
        }
        var documents = AsJson(text);
        foreach (var document in documents)
        {
            using (document) Walk(document.RootElement, secret, where, found, depth: 0);
        }
        return found;
    }

    private static List<JsonDocument> AsJson(string text)
    {
        if (TryParse(text) is { } whole) return [whole];
        var lines = new List<JsonDocument>();
        foreach (var line in text.Split('\n'))
        {
            if (TryParse(line) is { } document) lines.Add(document);
        }
        return lines;
    }

    private static JsonDocument? TryParse(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed[0] is not ('{' or '[' or '"')) return null;
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Walk(JsonElement element, string secret, string where, List<string> found, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Check(property.Name, secret, where, found, depth);
                    Walk(property.Value, secret, where, found, depth);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Walk(item, secret, where, found, depth);
                break;
            case JsonValueKind.String:
                Check(element.GetString()!, secret, where, found, depth);
                break;
            case JsonValueKind.Number:
                Check(element.GetRawText(), secret, where, found, depth);
                break;
        }
    }

    private static void Check(string decoded, string secret, string where, List<string> found, int depth)
    {
        if (decoded.Contains(secret, StringComparison.Ordinal)) found.Add($"{where}: in a decoded JSON value (depth {depth}): {Show(decoded)}");
        if (depth >= 3 || TryParse(decoded) is not { } inner) return;
        using (inner) Walk(inner.RootElement, secret, where, found, depth + 1);
    }

    private static string LowerHex(string escaped)
    {
        var chars = escaped.ToCharArray();
        for (var i = 0; i + 6 <= chars.Length; i++)
        {
            if (chars[i] == '\\' && chars[i + 1] == 'u')
            {
                for (var j = i + 2; j < i + 6; j++) chars[j] = char.ToLowerInvariant(chars[j]);
            }
        }
        return new string(chars);
    }

    private static string Markdown(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text) builder.Append(char.IsAsciiLetterOrDigit(c) || !char.IsAscii(c) || char.IsWhiteSpace(c) ? "" : "\\").Append(c);
        return builder.ToString();
    }

    private static string Show(string text) => JsonSerializer.Serialize(text);
}

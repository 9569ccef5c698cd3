using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace IrlExec;

/// <summary>
/// Every spelling in which a secret's text can end up inside other text: as it is, JSON-escaped the ways
/// System.Text.Json escapes (its default encoder, the relaxed one, one that keeps all letters; upper- and lower-case
/// <c>\uXXXX</c>; once, and twice for JSON held in a JSON string), and Markdown-escaped (a backslash before ASCII
/// punctuation). Computed once, when a secret becomes known.
/// </summary>
internal static class SecretForms
{
    private static readonly JavaScriptEncoder[] Encoders =
    [
        JavaScriptEncoder.Default,
        JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        JavaScriptEncoder.Create(UnicodeRanges.All),
    ];

    /// <summary>The distinct forms of <paramref name="text"/>, <paramref name="text"/> first.</summary>
    public static IEnumerable<string> Of(string text)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal) { text };
        yield return text;
        foreach (var encoder in Encoders)
        {
            if (Escape(text, encoder) is not { } once) continue;
            var twice = Escape(once, encoder);
            foreach (var form in new[] { once, LowerCaseHex(once), twice, LowerCaseHex(twice) })
            {
                if (form is not null && forms.Add(form)) yield return form;
            }
        }
        var markdown = MarkdownEscaped(text);
        if (forms.Add(markdown)) yield return markdown;
    }

    // Null for text JSON cannot encode (a lone surrogate): it is written replaced, never as itself.
    private static string? Escape(string text, JavaScriptEncoder encoder)
    {
        try
        {
            return JsonEncodedText.Encode(text, encoder).ToString();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // \u00E9 → \u00e9: JSON written by other tools, or by hand, may spell the hex digits in lower case.
    private static string? LowerCaseHex(string? escaped)
    {
        if (escaped is null || !escaped.Contains("\\u", StringComparison.Ordinal)) return null;
        var chars = escaped.ToCharArray();
        for (var i = 0; i + 6 <= chars.Length; i++)
        {
            if (chars[i] != '\\' || chars[i + 1] != 'u' || !char.IsAsciiHexDigit(chars[i + 2]) || !char.IsAsciiHexDigit(chars[i + 3])
                || !char.IsAsciiHexDigit(chars[i + 4]) || !char.IsAsciiHexDigit(chars[i + 5])) continue;
            for (var j = i + 2; j < i + 6; j++) chars[j] = char.ToLowerInvariant(chars[j]);
        }
        return new string(chars);
    }

    private static string MarkdownEscaped(string text)
    {
        var builder = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || !char.IsAscii(c) || char.IsWhiteSpace(c) || char.IsControl(c)) builder.Append(c);
            else builder.Append('\\').Append(c);
        }
        return builder.ToString();
    }
}

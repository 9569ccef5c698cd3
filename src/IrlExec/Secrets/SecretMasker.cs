using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IrlExec;

/// <summary>
/// The secrets one set of variables has held, and how they are kept out of what is written: every form of each
/// (<see cref="SecretForms"/>) is computed once, when the secret becomes known, and searched for in one pass over a text.
/// Values are masked, not encodings: a JSON value is masked in its decoded strings, numbers and names, so no escaping
/// can hide a secret from the mask. A secret stays known after its variable changes, so an earlier value stays masked.
/// </summary>
internal sealed class SecretMasker
{
    /// <summary>
    /// The fewest characters (Unicode code points) a non-empty secret, or each string and number inside one, may have:
    /// a shorter one is refused when it is given (<see cref="TooShort"/>). Masking it would mask unrelated text, and it
    /// cannot be told from a coincidence.
    /// </summary>
    public const int MinimumLength = 4;

    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private readonly List<string> _forms = [];
    private Forms? _built;

    // The search over every form, built when first needed after a secret was added: a store that only collects secrets
    // (the variables a caller hands to a run) never builds one, and secrets added together cost one build.
    private Forms? Search => _forms.Count == 0 ? null : _built ??= new Forms(_forms.ToArray());

    /// <summary>
    /// Makes the value held by <paramref name="slot"/> a known secret: a string's text; any other value's strings and
    /// numbers (and <c>true</c>/<c>false</c>) as written in its JSON.
    /// </summary>
    /// <returns>Whether a text not known before was added.</returns>
    /// <exception cref="ArgumentException">A part of the value is too short to be masked (see <see cref="MinimumLength"/>).</exception>
    public bool Add(string name, VariableSlot slot) =>
        slot is TypedSlot<string> text ? AddText(name, text.Value) : AddJson(name, slot.ToJson());

    /// <summary>Makes a string a known secret.</summary>
    /// <exception cref="ArgumentException">It is too short to be masked.</exception>
    public bool AddText(string name, string? text) =>
        // A secret published again at every step is known already: one lookup, nothing allocated.
        !string.IsNullOrEmpty(text) && !_secrets.Contains(text) && AddTexts(name, [(text, null)]);

    /// <summary>Makes the value <paramref name="json"/> a known secret (see <see cref="Add"/>).</summary>
    /// <exception cref="ArgumentException">A part of the value is too short to be masked.</exception>
    public bool AddJson(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var texts = new List<(string?, string?)>();
        Collect(document.RootElement, "$", texts);
        return AddTexts(name, texts);
    }

    private static void Collect(JsonElement element, string path, List<(string?, string?)> texts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                texts.Add((element.GetString(), path));
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                texts.Add((element.GetRawText(), path));
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) Collect(property.Value, path + "." + property.Name, texts);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Collect(item, path + "[" + (index++).ToString(CultureInfo.InvariantCulture) + "]", texts);
                break;
        }
    }

    // Every part is checked before any is added: a refused secret changes nothing.
    private bool AddTexts(string name, List<(string? Text, string? Path)> texts)
    {
        foreach (var (text, path) in texts)
        {
            if (!string.IsNullOrEmpty(text) && CodePoints(text) < MinimumLength) throw TooShort(name, path == "$" ? null : path, CodePoints(text));
        }
        var added = false;
        foreach (var (text, _) in texts)
        {
            if (string.IsNullOrEmpty(text) || !_secrets.Add(text)) continue;
            _forms.AddRange(SecretForms.Of(text));
            added = true;
        }
        if (!added) return false;
        // Longest first: where forms of two secrets start at the same place, the longer one is masked whole.
        _forms.Sort((a, b) => b.Length.CompareTo(a.Length));
        _built = null;
        return true;
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>The error for a secret too short to be masked; it names the variable and never shows the value.</summary>
    public static ArgumentException TooShort(string name, string? path, int length) =>
        new(path is null
            ? $"The secret '{name}' is {length} character{(length == 1 ? "" : "s")} long: a secret must be empty or at least {MinimumLength} characters, so that it can be masked in every text without masking unrelated text. Use a longer secret, or do not mark '{name}' secret."
            : $"The secret '{name}' holds a value of {length} character{(length == 1 ? "" : "s")} at {path}: every string and number in a secret must be empty or at least {MinimumLength} characters, so that it can be masked in every text without masking unrelated text. Make only the sensitive part secret, or make it longer.");

    /// <summary>
    /// <paramref name="text"/> with every form of every known secret replaced by <see cref="SecretRedactor.Mask"/>
    /// (the same instance when none occurs).
    /// </summary>
    public string MaskText(string text)
    {
        if (string.IsNullOrEmpty(text) || Search is not { } search) return text;
        var next = search.IndexIn(text);
        // A replacement can complete a secret that holds the mask itself: repeat until none is left. Each replacement
        // shortens the text (every form is longer than the mask), so this ends.
        while (next >= 0)
        {
            var builder = new StringBuilder(text.Length);
            var copied = 0;
            while (next >= 0)
            {
                var form = FormAt(text, copied + next);
                builder.Append(text, copied, next).Append(SecretRedactor.Mask);
                copied += next + form.Length;
                next = search.IndexIn(text.AsSpan(copied));
            }
            builder.Append(text, copied, text.Length - copied);
            text = builder.ToString();
            next = search.IndexIn(text);
        }
        return text;
    }

    private string FormAt(string text, int index)
    {
        var rest = text.AsSpan(index);
        foreach (var form in _forms)
        {
            if (rest.StartsWith(form, StringComparison.Ordinal)) return form;
        }
        throw new InvalidOperationException("A secret form was found and then not found.");
    }

    /// <summary>
    /// The JSON value <paramref name="json"/> with its secrets masked (the same instance when it holds none), still valid
    /// JSON: every string and property name is decoded, masked (known secrets, then credential-looking text, see
    /// <see cref="SecretRedactor"/>) and written again where it changed; a number or <c>true</c>/<c>false</c> that holds a
    /// secret becomes the string <c>"***"</c>. A secret that only appears across tokens masks the whole value.
    /// </summary>
    public string MaskJson(string json)
    {
        if (string.IsNullOrEmpty(json)) return json;
        var text = json.AsSpan();
        var search = Search;
        // Without an escape, every token's text is its JSON text: a secret or credential that occurs in no token occurs
        // nowhere in the JSON (one vectorized pass each). With one, only the decoded tokens can tell a secret; a credential
        // cannot hide its first characters (see SecretRedactor.MayHoldCredential), so with no secret known, JSON without
        // them is clean too.
        if (!text.Contains('\\'))
        {
            if ((search is null || search.IndexIn(text) < 0) && !SecretRedactor.LooksSecret(text)) return json;
        }
        else if (search is null && !SecretRedactor.MayHoldCredential(text))
        {
            return json;
        }
        return MaskTokens(json);
    }

    private string MaskTokens(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        ArrayBufferWriter<byte>? output = null;
        var copied = 0;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            while (reader.Read())
            {
                var isString = reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName;
                if (!isString && reader.TokenType is not (JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False)) continue;
                var value = isString ? reader.GetString()! : Encoding.UTF8.GetString(reader.ValueSpan);
                var masked = SecretRedactor.Redact(MaskText(value));
                if (string.Equals(masked, value, StringComparison.Ordinal)) continue;
                // A string token runs from its opening quote (TokenStartIndex) over its escaped bytes to its closing quote.
                var start = (int)reader.TokenStartIndex;
                var end = start + reader.ValueSpan.Length + (isString ? 2 : 0);
                output ??= new ArrayBufferWriter<byte>(utf8.Length);
                output.Write(utf8.AsSpan(copied, start - copied));
                if (isString)
                {
                    output.Write("\""u8);
                    output.Write(JsonEncodedText.Encode(masked).EncodedUtf8Bytes);
                    output.Write("\""u8);
                }
                else
                {
                    output.Write("\"***\""u8); // a number is masked whole: the digits around a secret are not a number
                }
                copied = end;
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return SecretRedactor.MaskJson; // not JSON after all (or text JSON cannot encode): nothing of it is kept
        }
        var result = json;
        if (output is not null)
        {
            output.Write(utf8.AsSpan(copied));
            result = Encoding.UTF8.GetString(output.WrittenSpan);
        }
        return Search is { } search && search.IndexIn(result) >= 0 ? SecretRedactor.MaskJson : result;
    }

    // Finds the first place where any form starts, in one pass: SearchValues<string> (a vectorized multi-string search)
    // where the runtime has it; on .NET 8, the forms' first characters, then a check of the forms at each candidate.
    private sealed class Forms(string[] forms)
    {
#if NET9_0_OR_GREATER
        private readonly SearchValues<string> _values = SearchValues.Create(forms, StringComparison.Ordinal);

        public int IndexIn(ReadOnlySpan<char> text) => text.IndexOfAny(_values);
#else
        private readonly SearchValues<char> _firsts = SearchValues.Create(forms.Select(f => f[0]).Distinct().ToArray());

        public int IndexIn(ReadOnlySpan<char> text)
        {
            var offset = 0;
            while (true)
            {
                var candidate = text[offset..].IndexOfAny(_firsts);
                if (candidate < 0) return -1;
                var rest = text[(offset + candidate)..];
                foreach (var form in forms)
                {
                    if (rest.StartsWith(form, StringComparison.Ordinal)) return offset + candidate;
                }
                offset += candidate + 1;
            }
        }
#endif
    }
}

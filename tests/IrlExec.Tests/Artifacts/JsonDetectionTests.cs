using System.Text.Json;

namespace IrlExec.Tests.Artifacts;

/// <summary>
/// Whether a variable's text reads as JSON decides how the markdown writes it. The check skips the parse (and the
/// exception it throws) for text that cannot start a JSON value; it must answer exactly what a parse answers.
/// </summary>
public sealed class JsonDetectionTests
{
    public static TheoryData<string> Texts =>
    [
        "acme", "", " ", "\t\r\n", "true", " true ", "true story", "tru", "false", "falsey", "null", "nullable", "n",
        "42", "-1", "-", "1e5", "01", "42 apples", "3.", "\"quoted\"", "\"unterminated", "{}", "{\"a\":1}", "{", "[1,2]", "[",
        "] ", "/* comment */ 1", "\u00a0true", "True", "NULL", "Infinity", "NaN", "+1", ".5", "'single'", "\ttrue\n", "😀",
        "\"😀\"", "[true, false, null]", "{\"a\": [1, {\"b\": null}]} ", "truefalse",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_text_is_json_exactly_when_a_parse_accepts_it(string text)
    {
        Assert.Equal(ParseAccepts(text), MarkdownValueCodec.IsJson(text));
    }

    private static bool ParseAccepts(string text)
    {
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
}

using System.Text.Encodings.Web;
using System.Text.Json;

namespace IrlExec.Tests.Execution;

/// <summary>How a known secret is masked in text and in JSON values, whatever spelling it is written in.</summary>
public class SecretMaskerTests
{
    private const string Special = "p&ss<w>\"rd'+é-42";

    private static SecretMasker With(params string[] secrets)
    {
        var masker = new SecretMasker();
        foreach (var secret in secrets) masker.AddText("secret", secret);
        return masker;
    }

    [Theory]
    [InlineData("raw: p&ss<w>\"rd'+é-42.")]
    [InlineData("default JSON: p\\u0026ss\\u003Cw\\u003E\\u0022rd\\u0027\\u002B\\u00E9-42.")]
    [InlineData("relaxed JSON: p&ss<w>\\\"rd'+é-42.")]
    [InlineData("hand-written JSON: p\\u0026ss\\u003cw\\u003e\\u0022rd\\u0027\\u002b\\u00e9-42.")]
    [InlineData("JSON in JSON: p\\\\u0026ss\\\\u003Cw\\\\u003E\\\\u0022rd\\\\u0027\\\\u002B\\\\u00E9-42.")]
    [InlineData("markdown: p\\&ss\\<w\\>\\\"rd\\'\\+é\\-42.")]
    public void Every_spelling_of_a_secret_is_masked_in_text(string text)
    {
        var masked = With(Special).MaskText(text);

        Assert.EndsWith(": ***.", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_without_a_secret_is_returned_as_it_is()
    {
        const string text = "nothing to hide here";

        Assert.Same(text, With(Special).MaskText(text));
        Assert.Same(text, new SecretMasker().MaskText(text));
    }

    [Fact]
    public void Every_occurrence_is_masked_and_the_longer_secret_wins_where_two_start_together()
    {
        var masked = With("abcd", "abcdefgh").MaskText("abcdefgh, abcd and abcdxyz");

        Assert.Equal("***, *** and ***xyz", masked);
    }

    [Fact]
    public void A_secret_completed_by_a_replacement_is_masked_too()
    {
        // Masking "abcd" in "xabcdy" leaves "x***y", which is the other secret.
        var masked = With("abcd", "x***y").MaskText("<xabcdy>");

        Assert.Equal("<***>", masked);
    }

    [Fact]
    public void A_string_value_is_masked_whatever_its_json_escaping()
    {
        var masker = With(Special);
        var relaxed = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        Assert.Equal("\"copy: ***\"", masker.MaskJson(JsonSerializer.Serialize("copy: " + Special)));
        Assert.Equal("\"copy: ***\"", masker.MaskJson(JsonSerializer.Serialize("copy: " + Special, relaxed)));
        Assert.Equal("\"copy: ***\"", masker.MaskJson("\"copy: p\\u0026ss\\u003cw\\u003e\\\"rd'+\\u00e9-42\""));
    }

    [Fact]
    public void Names_and_nested_values_are_masked_and_the_rest_is_kept_byte_for_byte()
    {
        var json = "{\n  \"note\": \"kept \\u00E9\",\n  \"key " + Special.Replace("\"", "\\\"", StringComparison.Ordinal) + "\": [1, \"x " + Special.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]\n}";

        var masked = With(Special).MaskJson(json);

        Assert.Equal("{\n  \"note\": \"kept \\u00E9\",\n  \"key ***\": [1, \"x ***\"]\n}", masked);
        using var _ = JsonDocument.Parse(masked);
    }

    [Fact]
    public void A_number_or_literal_that_holds_a_secret_becomes_the_masked_string()
    {
        var masker = With("90817263");

        Assert.Equal("{\"n\":\"***\",\"m\":7}", masker.MaskJson("{\"n\":1908172630,\"m\":7}"));
    }

    [Fact]
    public void A_secret_that_only_appears_across_tokens_masks_the_whole_value()
    {
        Assert.Equal(SecretRedactor.MaskJson, With("a\",\"b").MaskJson("[\"a\",\"b\"]"));
    }

    [Fact]
    public void Json_without_a_secret_is_returned_as_it_is_even_with_escapes()
    {
        const string json = "{\"a\":\"caf\\u00E9 \\n\",\"b\":[1,2]}";

        Assert.Same(json, With(Special).MaskJson(json));
        Assert.Same(json, new SecretMasker().MaskJson(json));
    }

    [Fact]
    public void A_credential_hidden_by_json_escapes_is_masked_without_any_secret_known()
    {
        var json = JsonSerializer.Serialize("Authorization: Bearer abcd+efgh+ijkl+mnop");

        Assert.Contains("\\u002B", json, StringComparison.Ordinal);
        Assert.Equal("\"Authorization: Bearer ***\"", new SecretMasker().MaskJson(json));
    }

    [Theory]
    [InlineData("sk-live0123456789abcdef")]
    [InlineData("pk-test0123456789abcdef")]
    [InlineData("rk-live0123456789abcdef")]
    [InlineData("ghp_0123456789abcdefghijABCDEFGHIJ")]
    [InlineData("xoxb-0123456789-abcdefghij")]
    [InlineData("AKIAABCDEFGHIJKLMNOP")]
    [InlineData("Bearer abc+def/ghi=")]
    public void Every_kind_of_credential_is_masked_in_json_with_escapes_and_no_secret_known(string credential)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["note"] = "café <" + credential + ">" });

        var masked = new SecretMasker().MaskJson(json);

        Assert.Contains("\\u00E9", json, StringComparison.Ordinal);
        Assert.DoesNotContain(credential[^6..], JsonSerializer.Deserialize<Dictionary<string, string>>(masked)!["note"], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_string_and_number_of_a_structured_secret_is_known()
    {
        var masker = new SecretMasker();
        masker.AddJson("credentials", "{\"user\":\"deploy-bot\",\"password\":\"" + "p\\u0026ss-word" + "\",\"pin\":48151623,\"admin\":null}");

        Assert.Equal("*** / *** / ***", masker.MaskText("deploy-bot / p&ss-word / 48151623"));
    }

    [Fact]
    public void Adding_a_known_secret_again_adds_nothing()
    {
        var masker = With(Special);

        Assert.False(masker.AddText("again", Special));
        Assert.True(masker.AddText("other", "another secret"));
    }
}

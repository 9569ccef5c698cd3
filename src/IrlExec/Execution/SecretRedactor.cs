using System.Text.RegularExpressions;

namespace IrlExec;

/// <summary>
/// Keeps secrets out of every file IrlExec writes: values marked <see cref="SecretAttribute"/> are replaced whole, and
/// strings that look like credentials (<c>sk-...</c> API keys, <c>Bearer</c> tokens, ...) are masked wherever they appear.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What a secret is written as.</summary>
    public const string Mask = "***";

    /// <summary>The JSON form of <see cref="Mask"/>.</summary>
    public const string MaskJson = "\"***\"";

    /// <summary>Masks credential-looking substrings of <paramref name="text"/>.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (!MayHoldCredential(text)) return text; // every match starts with one of CredentialStartTexts
        return CredentialPattern().Replace(text, match => match.Groups["prefix"].Success ? match.Groups["prefix"].Value + Mask : Mask);
    }

    /// <summary>Whether <paramref name="text"/> contains something that looks like a credential.</summary>
    public static bool LooksSecret(string? text) => !string.IsNullOrEmpty(text) && LooksSecret(text.AsSpan());

    /// <summary>Whether <paramref name="text"/> contains something that looks like a credential.</summary>
    internal static bool LooksSecret(ReadOnlySpan<char> text) => MayHoldCredential(text) && CredentialPattern().IsMatch(text);

    /// <summary>
    /// Whether <paramref name="text"/> holds the start of something that looks like a credential (<c>Bearer</c>, <c>sk-</c>,
    /// ...): none of those letters, <c>-</c> or <c>_</c> is ever escaped by a JSON writer, so JSON in which none occurs
    /// holds no credential, whatever it escapes.
    /// </summary>
    internal static bool MayHoldCredential(ReadOnlySpan<char> text)
    {
#if NET9_0_OR_GREATER
        return text.IndexOfAny(CredentialStarts) >= 0;
#else
        foreach (var start in CredentialStartTexts)
        {
            if (text.IndexOf(start.AsSpan(), StringComparison.Ordinal) >= 0) return true;
        }
        return false;
#endif
    }

    // Where CredentialPattern's matches start.
    private static readonly string[] CredentialStartTexts =
        ["Bearer", "sk-", "pk-", "rk-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "AKIA"];

#if NET9_0_OR_GREATER
    private static readonly System.Buffers.SearchValues<string> CredentialStarts = System.Buffers.SearchValues.Create(CredentialStartTexts, StringComparison.Ordinal);
#endif

    // sk-/pk-/rk- style API keys, GitHub and Slack tokens, AWS access key ids, and "Bearer <token>".
    [GeneratedRegex(@"(?<prefix>\bBearer\s+)[A-Za-z0-9\-._~+/]{8,}=*|\b(?:sk|pk|rk)-[A-Za-z0-9_\-]{8,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bxox[abprs]-[A-Za-z0-9\-]{10,}|\bAKIA[0-9A-Z]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialPattern();
}

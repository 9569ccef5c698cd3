namespace IrlExec.Dashboard.Data;

/// <summary>
/// The last guard before a value reaches a page, an event or an error message. Histories hold no secret value (the
/// runner writes <c>***</c> for them), and every text shown also goes through <see cref="SecretRedactor.Redact"/>, so a
/// credential a step logged by mistake (an API key, a bearer token) is masked here too.
/// </summary>
internal static class Redaction
{
    public static string Text(string? text) => SecretRedactor.Redact(text);

    /// <summary>A variable's value as shown: <c>***</c> when it is secret, whatever the history holds.</summary>
    public static string Variable(VariableState variable) => variable.IsSecret ? SecretRedactor.Mask : Text(variable.Json);
}

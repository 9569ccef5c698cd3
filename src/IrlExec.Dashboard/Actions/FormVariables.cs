using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace IrlExec.Dashboard.Actions;

/// <summary>
/// The variables a form sets (<c>var.NAME</c> fields, for the variables a plan declares): a <c>string</c> variable takes
/// the text as it is, any other type takes it as JSON; an empty field sets nothing. Secret values are kept apart so that
/// no message or page repeats them.
/// </summary>
internal sealed class FormVariables
{
    public const string FieldPrefix = "var.";

    private FormVariables(VariableStore variables, Dictionary<string, string> entered, List<string> secrets, string? error)
    {
        Variables = variables;
        Entered = entered;
        Secrets = secrets;
        Error = error;
    }

    /// <summary>The values set (secrets marked secret).</summary>
    public VariableStore Variables { get; }

    /// <summary>The non-secret values as typed, to show the form again.</summary>
    public Dictionary<string, string> Entered { get; }

    /// <summary>The secret values typed: never shown, masked in any message.</summary>
    public List<string> Secrets { get; }

    /// <summary>Why the form cannot be used (a value that is not JSON), or null.</summary>
    public string? Error { get; }

    /// <summary>How many variables the form set.</summary>
    public int Count => Variables.Count;

    public static FormVariables Read(IEnumerable<VariablePlan> declared, IFormCollection form)
    {
        var entered = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new List<string>();
        var variables = new VariableStore();
        foreach (var variable in declared)
        {
            var text = form[FieldPrefix + variable.Name].ToString();
            if (text.Length == 0) continue;
            if (variable.IsSecret) secrets.Add(text);
            else entered[variable.Name] = text;
            if (variable.TypeName is "string" or "string?")
            {
                variables.Set(variable.Name, text, variable.IsSecret);
                continue;
            }
            try
            {
                using var _ = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                return new FormVariables(variables, entered, secrets, $"The variable '{variable.Name}' is of type {variable.TypeName}: its value must be JSON (e.g. 5, true, [\"a\"]).");
            }
            variables.SetJson(variable.Name, text, variable.IsSecret);
        }
        return new FormVariables(variables, entered, secrets, null);
    }

    /// <summary><paramref name="message"/> with every secret the form carried masked.</summary>
    public string Mask(string message)
    {
        foreach (var secret in Secrets) message = message.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
        return message;
    }
}

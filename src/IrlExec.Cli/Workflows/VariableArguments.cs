using System.Text.Json;

namespace IrlExec.Cli.Workflows;

/// <summary>
/// Turns <c>--var name=value</c> arguments into a <see cref="VariableStore"/>. A variable the plan declares as
/// <c>string</c> (or does not declare) takes the text as it is; any other declared type takes the text as JSON
/// (<c>--var daily_cap=5</c>, <c>--var tags=["a","b"]</c>). A declared <c>root</c> variable not given is set to the
/// root folder, so workflows that keep files beside <c>execution/</c> find them.
/// </summary>
internal static class VariableArguments
{
    public const string RootVariable = "root";

    public static VariableStore Parse(IEnumerable<string>? arguments, WorkflowPlan plan, ExecutionLayout? layout)
    {
        var variables = new VariableStore();
        foreach (var argument in arguments ?? [])
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw CliException.Usage($"--var '{argument}' is not name=value.");
            var name = argument[..equals].Trim();
            var value = argument[(equals + 1)..];
            var declared = plan.Variables.FirstOrDefault(v => v.Name == name);
            var secret = declared?.IsSecret ?? false;
            if (declared is null || declared.TypeName is "string" or "string?")
            {
                variables.Set(name, value, secret);
                continue;
            }
            try
            {
                using var _ = JsonDocument.Parse(value);
            }
            catch (JsonException e)
            {
                throw CliException.Usage($"--var {name}: the variable is of type {declared.TypeName}, so its value must be JSON (e.g. 5, true, [\"a\"]); '{value}' is not: {e.Message}");
            }
            variables.SetJson(name, value, secret);
        }
        if (layout is not null && plan.Variables.Any(v => v.Name == RootVariable) && !variables.Contains(RootVariable))
        {
            variables.Set(RootVariable, layout.Root);
        }
        return variables;
    }
}

using System.Text.Json;
using IrlExec.Cli.Output;
using IrlExec.Generators.Analyzers;

namespace IrlExec.Cli.Workflows;

/// <summary>Where the variables of a run or resume come from on the command line.</summary>
/// <param name="Values"><c>--var name=value</c>: the value itself (seen by <c>ps</c> and kept in shell history).</param>
/// <param name="FromEnvironment"><c>--var-env name=ENV_VAR</c>: the value of an environment variable.</param>
/// <param name="FromFiles"><c>--var-file name=PATH</c>: a file's text, or standard input for <c>-</c>.</param>
/// <param name="AllowExtra"><c>--allow-extra-vars</c>: accept names the workflow does not know.</param>
internal sealed record VariableSources(IReadOnlyList<string> Values, IReadOnlyList<string> FromEnvironment, IReadOnlyList<string> FromFiles, bool AllowExtra);

/// <summary>
/// Turns the variable options into a <see cref="VariableStore"/>. A variable the plan declares as <c>string</c> (or does
/// not declare) takes the text as it is; any other declared type takes the text as JSON (<c>--var daily_cap=5</c>,
/// <c>--var tags=["a","b"]</c>). A name the workflow does not know (no variable, input reference or output of that name)
/// is refused with the closest known name, unless extra variables are allowed. A declared <c>root</c> variable not given
/// is set to the root folder, so workflows that keep files beside <c>execution/</c> find them.
/// </summary>
internal static class VariableArguments
{
    public const string RootVariable = "root";
    public const string ValueOption = "--var";
    public const string EnvironmentOption = "--var-env";
    public const string FileOption = "--var-file";
    public const string AllowExtraOption = "--allow-extra-vars";

    private sealed record Given(string Option, string Name, string Value);

    public static VariableStore Parse(VariableSources sources, WorkflowPlan plan, ExecutionLayout? layout, CliConsole console)
    {
        var known = KnownNames(plan);
        var secrets = SecretNames(plan);
        var given = new List<Given>();
        foreach (var argument in sources.Values)
        {
            var (name, value) = Split(ValueOption, argument);
            given.Add(new Given(ValueOption, name, value));
        }
        foreach (var argument in sources.FromEnvironment)
        {
            var (name, variable) = Split(EnvironmentOption, argument);
            var value = Environment.GetEnvironmentVariable(variable)
                ?? throw CliException.Usage($"{EnvironmentOption} {name}={variable}: the environment variable '{variable}' is not set.");
            given.Add(new Given(EnvironmentOption, name, value));
        }
        var stdinUsed = false;
        foreach (var argument in sources.FromFiles)
        {
            var (name, path) = Split(FileOption, argument);
            if (path == "-")
            {
                if (stdinUsed) throw CliException.Usage($"{FileOption} {name}=-: standard input can give one variable only.");
                stdinUsed = true;
            }
            given.Add(new Given(FileOption, name, WithoutFinalNewline(path == "-" ? console.In.ReadToEnd() : ReadFile(name, path))));
        }

        var variables = new VariableStore();
        foreach (var (option, name, value) in given)
        {
            if (variables.Contains(name) || given.Count(g => g.Name == name) > 1)
            {
                throw CliException.Usage($"The variable '{name}' is given more than once ({string.Join(", ", given.Where(g => g.Name == name).Select(g => g.Option))}).");
            }
            if (!sources.AllowExtra && !known.Contains(name)) throw Unknown(option, name, plan, known);
            var secret = secrets.Contains(name);
            if (secret && option == ValueOption)
            {
                console.Error.WriteLine($"warning: {ValueOption} {name}: '{name}' is a secret, and a value on the command line can be read by other users (ps) and stays in the shell history; use {EnvironmentOption} {name}=ENV_VAR or {FileOption} {name}=PATH (or =- for standard input).");
            }
            Set(variables, option, name, value, plan.Variables.FirstOrDefault(v => v.Name == name), secret);
        }
        if (layout is not null && plan.Variables.Any(v => v.Name == RootVariable) && !variables.Contains(RootVariable))
        {
            variables.Set(RootVariable, layout.Root);
        }
        return variables;
    }

    private static void Set(VariableStore variables, string option, string name, string value, VariablePlan? declared, bool secret)
    {
        try
        {
            if (declared is null || declared.TypeName is "string" or "string?")
            {
                variables.Set(name, value, secret);
                return;
            }
            try
            {
                using var _ = JsonDocument.Parse(value);
            }
            catch (JsonException e)
            {
                // The parser's message quotes the text around the error: never for a secret.
                throw CliException.Usage($"{option} {name}: the variable is of type {declared.TypeName}, so its value must be JSON (e.g. 5, true, [\"a\"])"
                    + (secret ? "; the value given is not." : $"; '{value}' is not: {e.Message}"));
            }
            variables.SetJson(name, value, secret);
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage($"{option} {name}: {e.Message}");
        }
    }

    private static (string Name, string Value) Split(string option, string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0) return (argument[..equals].Trim(), argument[(equals + 1)..]);
        // A --var argument is not shown: without a name, nothing says it is not a secret.
        throw option == ValueOption
            ? CliException.Usage($"{ValueOption}: an argument is not name=value (it is not shown here, as it may be a secret).")
            : CliException.Usage($"{option} '{argument}' is not name={(option == EnvironmentOption ? "ENV_VAR" : "PATH")}.");
    }

    private static string ReadFile(string name, string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"{FileOption} {name}={path}: the file cannot be read: {e.Message}");
        }
    }

    // A file written by an editor or `echo` ends with a line break that is not part of the value.
    private static string WithoutFinalNewline(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;

    // Every name a step of the workflow can read or publish: its declared variables, the names its inputs' templates
    // reference (a human's decision given on resume, such as approved_by), and its outputs (which a resume may override).
    private static HashSet<string> KnownNames(WorkflowPlan plan)
    {
        var names = new HashSet<string>(plan.Variables.Select(v => v.Name), StringComparer.Ordinal);
        foreach (var step in plan.Steps)
        {
            foreach (var input in step.Inputs) names.UnionWith(TemplateParser.ReferencedNames(input.Reference));
            foreach (var output in step.Outputs) names.Add(output.Name);
        }
        return names;
    }

    private static HashSet<string> SecretNames(WorkflowPlan plan)
    {
        var names = new HashSet<string>(plan.Variables.Where(v => v.IsSecret).Select(v => v.Name), StringComparer.Ordinal);
        foreach (var step in plan.Steps)
        {
            foreach (var input in step.Inputs.Where(i => i.IsSecret)) names.UnionWith(TemplateParser.ReferencedNames(input.Reference));
            foreach (var output in step.Outputs.Where(o => o.IsSecret)) names.Add(output.Name);
        }
        return names;
    }

    private static CliException Unknown(string option, string name, WorkflowPlan plan, HashSet<string> known)
    {
        var suggestion = NameSuggestions.Closest(name, known);
        var list = known.Count == 0 ? "it reads no variables" : "it knows " + string.Join(", ", known.Order(StringComparer.Ordinal));
        return CliException.Usage($"{option} {name}: workflow '{plan.Name}' has no variable '{name}'"
            + (suggestion is null ? "" : $"; did you mean '{suggestion}'?")
            + $" ({list}). Pass {AllowExtraOption} to set it anyway.");
    }
}

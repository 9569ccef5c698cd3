using IrlExec.Generators.Model;

namespace IrlExec.Generators.StepLogs
{
    /// <summary>A type that holds log methods, or one of the types it is nested in: its keyword and its name with type parameters.</summary>
    internal sealed record ContainingTypeModel(string Keyword, string Name);

    /// <summary>The log methods of one type, emitted into one source.</summary>
    internal sealed record StepLogTypeModel(string HintName, string? Namespace, EquatableArray<ContainingTypeModel> Types, EquatableArray<StepLogMethodModel> Methods);

    /// <summary>A parameter of a log method: its type (<c>global::</c>-qualified), its name as written in C#, whether it is a string.</summary>
    internal sealed record LogParameterModel(string Type, string Name, bool IsString);

    /// <summary>
    /// A part of a message template: literal text (<see cref="Literal"/>), or a placeholder: the index of the parameter it
    /// takes (in <see cref="StepLogMethodModel.Parameters"/>), its alignment and format.
    /// </summary>
    internal sealed record LogPartModel(string? Literal, string? Name, int Parameter, string? Alignment, string? Format);

    /// <summary>
    /// One <c>[StepLog]</c> method: its modifiers (without <c>partial</c>), name, parameters (the first is the
    /// StepContext), level member name, template and parts.
    /// </summary>
    internal sealed record StepLogMethodModel(
        string Modifiers,
        string Name,
        EquatableArray<LogParameterModel> Parameters,
        string Level,
        string Template,
        EquatableArray<LogPartModel> Parts);

    /// <summary>One method with the type it belongs in (the pipeline groups them by <see cref="HintName"/>).</summary>
    internal sealed record StepLogEntry(string HintName, string? Namespace, EquatableArray<ContainingTypeModel> Types, StepLogMethodModel Method);
}

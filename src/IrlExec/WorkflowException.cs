namespace IrlExec;

/// <summary>Base class of the errors IrlExec raises for bad workflows, bad input and damaged files.</summary>
public class WorkflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public WorkflowException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>A variable was asked for (by an input or a <c>{{template}}</c>) that no one has set.</summary>
public sealed class UnknownVariableException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public UnknownVariableException(string variableName, IEnumerable<string> knownNames, string? usage = null)
        : base(BuildMessage(variableName, knownNames, usage))
    {
        VariableName = variableName;
    }

    /// <summary>The name that was not found.</summary>
    public string VariableName { get; }

    private static string BuildMessage(string name, IEnumerable<string> known, string? usage)
    {
        var names = known.OrderBy(n => n, StringComparer.Ordinal).ToList();
        var where = usage is null ? "" : $" (needed by {usage})";
        var list = names.Count == 0 ? "no variables are set" : "known variables: " + string.Join(", ", names);
        return $"Unknown variable '{{{{{name}}}}}'{where}; {list}.";
    }
}

/// <summary>A <c>{{template}}</c> is malformed: unbalanced braces or an empty or invalid name.</summary>
public sealed class TemplateFormatException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public TemplateFormatException(string template, string error, int offset)
        : base($"Malformed template \"{template}\": {error}")
    {
        Template = template;
        Offset = offset;
    }

    /// <summary>The template text.</summary>
    public string Template { get; }

    /// <summary>Where the error is (0-based character offset).</summary>
    public int Offset { get; }
}

/// <summary>A variable holds a value that cannot be read as the requested type.</summary>
public sealed class VariableTypeException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public VariableTypeException(string variableName, string requestedType, Exception? innerException)
        : base($"Variable '{variableName}' cannot be read as {requestedType}: {innerException?.Message}", innerException)
    {
        VariableName = variableName;
    }

    /// <summary>The variable.</summary>
    public string VariableName { get; }
}

/// <summary>
/// A file IrlExec reads (history, snapshot, markdown, log) is damaged. The message names the file and the line or
/// record, and what was expected; nothing already written is changed.
/// </summary>
public sealed class ExecutionDataException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public ExecutionDataException(string filePath, int line, string problem, Exception? innerException = null)
        : base($"{filePath}:{line}: {problem}", innerException)
    {
        FilePath = filePath;
        Line = line;
        Problem = problem;
    }

    /// <summary>The damaged file.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line (or record) number where the damage is; 0 when it concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>What is wrong, and what was expected.</summary>
    public string Problem { get; }
}

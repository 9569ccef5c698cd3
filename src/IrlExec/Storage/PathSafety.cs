namespace IrlExec;

/// <summary>Refuses names that would escape the execution root when used in a file name (<c>../</c>, separators, ...).</summary>
public static class PathSafety
{
    /// <summary>Returns <paramref name="name"/> when it is a valid workflow name, or throws.</summary>
    /// <exception cref="ArgumentException">The name is not lowercase letters, digits and single dashes.</exception>
    public static string WorkflowName(string name)
    {
        if (!VariableNaming.IsValidWorkflowName(name))
        {
            throw new ArgumentException($"Workflow name '{name}' is not allowed: use lowercase letters, digits and single dashes (e.g. 'incident-approval'); it becomes part of file names.", nameof(name));
        }
        return name;
    }

    /// <summary>Returns <paramref name="executionId"/> when it is safe as a file name, or throws.</summary>
    /// <exception cref="ArgumentException">The id is empty, contains a path separator or <c>..</c>, or characters other than letters, digits, <c>_</c>, <c>-</c> and <c>.</c>.</exception>
    public static string ExecutionId(string executionId) => Segment(executionId, "execution id");

    /// <summary>Returns <paramref name="value"/> when it is safe as one file-name segment, or throws naming <paramref name="what"/>.</summary>
    public static string Segment(string value, string what)
    {
        if (value is null || !IsSafeSegment(value))
        {
            throw new ArgumentException($"The {what} {Shown(value)} is not allowed: it must be 1-200 letters, digits, '_', '-' or '.', must not start with '.', and must not contain '..' or a path separator.", nameof(value));
        }
        return value;
    }

    // A refused value as the message shows it: a mistyped argument can be a whole file's text.
    private static string Shown(string? value) =>
        value is null ? "(null)" : value.Length <= 80 ? $"'{value}'" : $"'{value[..60]}…' ({value.Length} characters)";

    /// <summary>Whether <paramref name="value"/> is safe as one file-name segment (what <see cref="Segment"/> accepts).</summary>
    internal static bool IsSafeSegment(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > 200 || value.Contains("..", StringComparison.Ordinal) || value[0] == '.') return false;
        foreach (var c in value)
        {
            if (!IsAllowed(c)) return false;
        }
        return true;
    }

    private static bool IsAllowed(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

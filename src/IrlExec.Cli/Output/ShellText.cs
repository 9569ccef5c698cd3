namespace IrlExec.Cli.Output;

/// <summary>
/// Arguments of a command the CLI prints for the user to run (a resume hint): each one quoted where a POSIX shell
/// would split or expand it, so the printed line works when pasted as it is.
/// </summary>
internal static class ShellText
{
    /// <summary><paramref name="argument"/> as is when a shell leaves it alone, else in single quotes.</summary>
    public static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(IsPlain)) return argument;
        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static bool IsPlain(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or '=' or '@' or '%' or '+' or ',';
}

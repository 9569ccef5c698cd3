namespace IrlExec.Cli.Commands;

/// <summary>
/// The markdown (<c>execution_state.md</c>, per-execution copies) and log checks of <c>validate</c>. They use the SDK's
/// markdown parser and log line reader (the artifacts work); until those are in the SDK there is nothing to check here.
/// </summary>
internal static class MarkdownAndLogChecks
{
    public static IEnumerable<(string File, Func<string, CancellationToken, Task> Check)> For(ExecutionLayout layout)
    {
        _ = layout;
        return [];
    }
}

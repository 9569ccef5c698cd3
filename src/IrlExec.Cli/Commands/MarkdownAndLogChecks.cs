namespace IrlExec.Cli.Commands;

/// <summary>
/// The markdown and log checks of <c>validate</c>: every <c>execution_state.md</c> (the workspace one and each
/// execution's copy under <c>execution/state/</c>) through the SDK's Markdig parser, and every <c>execution/logs/*.log</c>
/// through the SDK's log line reader. Both name the file and line of the first problem.
/// </summary>
internal static class MarkdownAndLogChecks
{
    public static IEnumerable<(string File, Func<string, CancellationToken, Task> Check)> For(ExecutionLayout layout)
    {
        if (File.Exists(layout.WorkspaceStateFile)) yield return (layout.WorkspaceStateFile, ReadMarkdown);
        foreach (var markdown in Files(layout.StateDirectory, "*.md")) yield return (markdown, ReadMarkdown);
        foreach (var log in Files(layout.LogsDirectory, "*.log")) yield return (log, ReadLog);
    }

    private static IEnumerable<string> Files(string directory, string pattern) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, pattern).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal) : [];

    private static Task ReadMarkdown(string file, CancellationToken cancellationToken)
    {
        ExecutionStateMarkdownParser.ReadFile(file);
        return Task.CompletedTask;
    }

    private static Task ReadLog(string file, CancellationToken cancellationToken)
    {
        LogLineReader.ReadFile(file);
        return Task.CompletedTask;
    }
}

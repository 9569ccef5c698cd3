namespace IrlExec.Cli.Commands;

/// <summary>
/// The markdown and log checks of <c>validate</c>: every <c>execution_state.md</c> (the workspace one and each
/// execution's copy under <c>execution/state/</c>) through the SDK's Markdig parser, and every <c>execution/logs/*.log</c>
/// through the SDK's log line reader. Both name the file and line of the first problem.
/// </summary>
internal static class MarkdownAndLogChecks
{
    public static IEnumerable<(string File, Func<string, CancellationToken, Task> Check)> For(ExecutionLayout layout, List<ValidationProblem> warnings)
    {
        if (File.Exists(layout.WorkspaceStateFile)) yield return (layout.WorkspaceStateFile, ReadMarkdown);
        foreach (var markdown in Files(layout.StateDirectory, "*.md")) yield return (markdown, ReadMarkdown);
        foreach (var log in Files(layout.LogsDirectory, "*.log")) yield return (log, (file, _) => ReadLog(file, warnings));
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The manifest README: UTF-8 text (every run updates its tables) whose tables and State Snapshots data IrlExec can read.</summary>
    public static void ReadManifest(string file)
    {
        var bytes = File.ReadAllBytes(file);
        try
        {
            StrictUtf8.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            var line = 1 + bytes.AsSpan(0, Math.Clamp(e.Index, 0, bytes.Length)).Count((byte)'\n');
            throw new ExecutionDataException(file, line, "the manifest is not UTF-8 text: a run sets such a file aside and rebuilds it from the seed's manifest ('irlexec repair' does it now). Save it as UTF-8 to keep it.", e);
        }
        ExecutionManifest.Read(file);
        ExecutionManifest.Check(file);
    }

    /// <summary>
    /// The complete lines of a log must all be in the log format. A last line without its newline was being written when
    /// a process stopped: a warning (as <c>irlexec logs</c> says it), not a damaged file.
    /// </summary>
    public static Task ReadLog(string file, List<ValidationProblem> warnings)
    {
        var bytes = File.ReadAllBytes(file);
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes, 0, end);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            var line = 1 + bytes.AsSpan(0, Math.Clamp(e.Index, 0, bytes.Length)).Count((byte)'\n');
            throw new ExecutionDataException(file, line, "the log is not UTF-8 text (a byte that is not UTF-8 is on this line).", e);
        }
        LogLineReader.Read(new StringReader(text), file);
        if (end < bytes.Length) warnings.Add(new ValidationProblem(file, 1 + bytes.AsSpan(0, end).Count((byte)'\n'), TornLogLine));
        return Task.CompletedTask;
    }

    /// <summary>The warning for a log's last line without its newline (validate and logs say the same).</summary>
    public const string TornLogLine = "the last line has no newline: a process stopped while writing it; it is left out. (The history holds the record.)";

    private static IEnumerable<string> Files(string directory, string pattern) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, pattern).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal) : [];

    private static Task ReadMarkdown(string file, CancellationToken cancellationToken)
    {
        ExecutionStateMarkdownParser.ReadFile(file);
        return Task.CompletedTask;
    }


}

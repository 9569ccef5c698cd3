namespace IrlExec;

/// <summary>
/// Finds an execution's state in its markdown when its history is missing: <c>execution/state/&lt;id&gt;.md</c>, else
/// <c>workspace/execution_state.md</c> when that file is about the same execution. Used by
/// <see cref="WorkflowRunner.ForDirectory"/> so that an execution can be resumed from the markdown alone.
/// </summary>
public static class ExecutionStateMarkdownFallback
{
    /// <summary>The state of <paramref name="executionId"/> read from its markdown, or null when none names it.</summary>
    /// <exception cref="ExecutionDataException">The markdown file is damaged (the message names the line).</exception>
    public static ExecutionState? Find(ExecutionLayout layout, string executionId)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var own = layout.MarkdownFile(executionId);
        if (File.Exists(own)) return ExecutionStateMarkdownParser.ReadFile(own);
        if (!File.Exists(layout.WorkspaceStateFile)) return null;
        var workspace = ExecutionStateMarkdownParser.ReadFile(layout.WorkspaceStateFile);
        return workspace.ExecutionId == executionId ? workspace : null;
    }
}

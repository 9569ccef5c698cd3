namespace IrlExec;

/// <summary>
/// Where an execution root keeps its files (the seed's layout): <c>workspace/execution_state.md</c> and the
/// <c>execution/</c> folder with <c>logs/</c>, <c>state/</c>, <c>results/</c>, <c>active/</c>, <c>archive/</c> and the
/// <c>README.md</c> manifest.
/// </summary>
public sealed class ExecutionLayout
{
    /// <summary>Lays out the folders under <paramref name="root"/> (nothing is created until something is written).</summary>
    public ExecutionLayout(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        ExecutionDirectory = Path.Combine(Root, "execution");
        LogsDirectory = Path.Combine(ExecutionDirectory, "logs");
        StateDirectory = Path.Combine(ExecutionDirectory, "state");
        ResultsDirectory = Path.Combine(ExecutionDirectory, "results");
        ActiveDirectory = Path.Combine(ExecutionDirectory, "active");
        ArchiveDirectory = Path.Combine(ExecutionDirectory, "archive");
        WorkspaceDirectory = Path.Combine(Root, "workspace");
    }

    /// <summary>The root folder (absolute).</summary>
    public string Root { get; }

    /// <summary><c>execution/</c>.</summary>
    public string ExecutionDirectory { get; }

    /// <summary><c>execution/logs/</c>.</summary>
    public string LogsDirectory { get; }

    /// <summary><c>execution/state/</c>: histories, JSON snapshots and per-execution markdown copies.</summary>
    public string StateDirectory { get; }

    /// <summary><c>execution/results/</c>.</summary>
    public string ResultsDirectory { get; }

    /// <summary><c>execution/active/</c>.</summary>
    public string ActiveDirectory { get; }

    /// <summary><c>execution/archive/</c>.</summary>
    public string ArchiveDirectory { get; }

    /// <summary><c>workspace/</c>.</summary>
    public string WorkspaceDirectory { get; }

    /// <summary><c>execution/active/workflows.json</c>.</summary>
    public string ActiveWorkflowsFile => Path.Combine(ActiveDirectory, "workflows.json");

    /// <summary><c>execution/README.md</c>, the manifest.</summary>
    public string ManifestFile => Path.Combine(ExecutionDirectory, "README.md");

    /// <summary><c>workspace/execution_state.md</c>: the state of the most recently updated execution.</summary>
    public string WorkspaceStateFile => Path.Combine(WorkspaceDirectory, "execution_state.md");

    /// <summary><c>execution/state/&lt;id&gt;.history.jsonl</c>: the append-only history.</summary>
    public string HistoryFile(string executionId) => Path.Combine(StateDirectory, PathSafety.ExecutionId(executionId) + ".history.jsonl");

    /// <summary><c>execution/state/&lt;id&gt;.json</c>: the latest JSON snapshot.</summary>
    public string SnapshotFile(string executionId) => Path.Combine(StateDirectory, PathSafety.ExecutionId(executionId) + ".json");

    /// <summary><c>execution/state/&lt;id&gt;.md</c>: the execution's own copy of <c>execution_state.md</c>.</summary>
    public string MarkdownFile(string executionId) => Path.Combine(StateDirectory, PathSafety.ExecutionId(executionId) + ".md");

    /// <summary><c>execution/signals/&lt;id&gt;/</c>: signals posted to an execution and not yet recorded in its history, one JSON file each.</summary>
    public string SignalsDirectory(string executionId) => Path.Combine(ExecutionDirectory, "signals", PathSafety.ExecutionId(executionId));

    /// <summary><c>execution/state/&lt;id&gt;.lock</c>: held while a process runs the execution.</summary>
    public string LockFile(string executionId) => Path.Combine(StateDirectory, PathSafety.ExecutionId(executionId) + ".lock");

    /// <summary><c>execution/logs/&lt;workflow&gt;-&lt;yyyy-MM-dd&gt;-&lt;NNN&gt;.log</c>.</summary>
    public string LogFile(string runLabel) => Path.Combine(LogsDirectory, PathSafety.Segment(runLabel, "run label") + ".log");

    /// <summary><c>execution/results/&lt;workflow&gt;-results-&lt;yyyy-MM-dd&gt;-&lt;NNN&gt;.json</c>.</summary>
    public string ResultFile(string workflow, string runLabel)
    {
        PathSafety.WorkflowName(workflow);
        PathSafety.Segment(runLabel, "run label");
        var suffix = runLabel.StartsWith(workflow + "-", StringComparison.Ordinal) ? runLabel[(workflow.Length + 1)..] : runLabel;
        return Path.Combine(ResultsDirectory, $"{workflow}-results-{suffix}.json");
    }

    /// <summary>The path of <paramref name="fullPath"/> relative to <see cref="ExecutionDirectory"/>, with forward slashes (as the manifest shows it).</summary>
    public string RelativeToExecution(string fullPath) => Path.GetRelativePath(ExecutionDirectory, fullPath).Replace('\\', '/');
}

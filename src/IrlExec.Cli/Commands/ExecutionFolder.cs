using System.Globalization;

namespace IrlExec.Cli.Commands;

/// <summary>Reads executions of a root folder for the commands (through the SDK: history replay, the active list).</summary>
internal static class ExecutionFolder
{
    /// <summary>The state of execution <paramref name="executionId"/>, replayed from its history.</summary>
    /// <exception cref="CliException">Unknown id (exit 4).</exception>
    /// <exception cref="ExecutionDataException">Its history is damaged.</exception>
    public static async Task<ExecutionState> LoadAsync(ExecutionLayout layout, string executionId, CancellationToken cancellationToken)
    {
        string historyFile;
        try
        {
            historyFile = layout.HistoryFile(executionId);
        }
        catch (ArgumentException)
        {
            // Any safe file-name segment is an id (run --execution-id my-run-1): say what an id may hold, not what a generated one looks like.
            throw CliException.UnknownId($"'{executionId}' is not an execution id: an id is 1-200 letters, digits, '_', '-' or '.', not starting with '.' and without '..'. 'irlexec list' shows the executions.");
        }
        if (!File.Exists(historyFile))
        {
            throw CliException.UnknownId($"No execution '{executionId}' in {layout.StateDirectory}. 'irlexec list' shows the executions.");
        }
        using var store = new FileSystemExecutionStore(layout);
        return await new WorkflowRunner(store).GetStateAsync(executionId, cancellationToken).ConfigureAwait(false)
            ?? throw CliException.UnknownId($"Execution '{executionId}' has an empty history in {layout.StateDirectory}.");
    }

    /// <summary>The ids of every execution under the root, from the history files.</summary>
    public static async Task<IReadOnlyList<string>> ListIdsAsync(ExecutionLayout layout, CancellationToken cancellationToken)
    {
        using var store = new FileSystemExecutionStore(layout);
        return await store.ListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ids listed in <c>execution/active/workflows.json</c> (empty when it does not exist).</summary>
    /// <exception cref="ExecutionDataException">The active list is damaged.</exception>
    public static HashSet<string> ActiveIds(ExecutionLayout layout) =>
        (ActiveWorkflowsWriter.Read(layout.ActiveWorkflowsFile)?.Workflows ?? []).Select(w => w.ExecutionId).ToHashSet(StringComparer.Ordinal);

    /// <summary>The files an execution wrote (the result only once it finished).</summary>
    public static ExecutionFiles FilesOf(ExecutionLayout layout, ExecutionState state) => new(
        ExecutionState: layout.MarkdownFile(state.ExecutionId),
        Log: string.IsNullOrEmpty(state.RunLabel) ? "" : layout.LogFile(state.RunLabel),
        History: layout.HistoryFile(state.ExecutionId),
        Snapshot: layout.SnapshotFile(state.ExecutionId),
        Result: StatusTransitions.IsTerminal(state.Status) && !string.IsNullOrEmpty(state.RunLabel) ? layout.ResultFile(state.Workflow, state.RunLabel) : null);

    public static string Time(DateTimeOffset? time) =>
        time is null || time.Value == default ? "-" : time.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Money(decimal amount) => "$" + amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

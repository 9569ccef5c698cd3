using System.Text.Json;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>Writes <c>execution/results/&lt;workflow&gt;-results-&lt;date&gt;-&lt;NNN&gt;.json</c> when an execution finishes.</summary>
public sealed class ResultWriter(ExecutionLayout layout) : IExecutionObserver, IViewFile, IIndependentView, IPreparesFiles
{
    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        if (!StatusTransitions.IsTerminal(state.Status) || !records.Any(r => r.Kind == ExecutionEventKind.StatusChanged)) return ValueTask.CompletedTask;
        var prepared = _files.Take(state.ExecutionId, "result", out var replaced);
        try
        {
            AtomicFile.WriteAllBytes(layout.ResultFile(state.Workflow, state.RunLabel), Render(state), flushToDisk: false, prepared, replaced);
        }
        finally
        {
            _files.Replaced(state.ExecutionId, replaced);
        }
        return ValueTask.CompletedTask;
    }

    // The result's file, made while the steps run (in the results folder: its name needs the run label, not the folder).
    private readonly PreparedFiles _files = new();

    void IPreparesFiles.Prepare(string executionId) => _files.Prepare(executionId, "result", Path.Combine(layout.ResultsDirectory, "result.json"));

    void IPreparesFiles.FreeReplaced(string executionId) => _files.FreeReplaced(executionId);

    Task IPreparesFiles.FinishAsync(string executionId) => _files.FinishAsync(executionId);

    string? IViewFile.FileFor(ExecutionState state) => layout.ResultFile(state.Workflow, state.RunLabel);

    // Writes a file of its own from the state alone: written at the same time as the views next to it.
    bool IIndependentView.RunsAlongside(ExecutionState state) => true;

    /// <summary>
    /// Writes the result of the finished execution <paramref name="state"/> atomically. A view of the history (whose end is
    /// already on disk), like the snapshot: no fsync of its own; after a power cut the view repair rebuilds it from the
    /// history (see docs/storage.md).
    /// </summary>
    internal static void Write(ExecutionLayout layout, ExecutionState state) =>
        AtomicFile.WriteAllBytes(layout.ResultFile(state.Workflow, state.RunLabel), Render(state), flushToDisk: false);

    /// <summary>The result file's bytes for the finished execution <paramref name="state"/>.</summary>
    internal static byte[] Render(ExecutionState state)
    {
        var document = new ExecutionResultDocument
        {
            Timestamp = state.LastUpdated,
            ExecutionId = state.ExecutionId,
            Workflow = state.Workflow,
            Status = state.Status,
            Mode = state.Mode,
            Reason = state.StatusReason,
            RunLabel = state.RunLabel,
            Metrics = state.ComputeMetrics(),
        };
        foreach (var variable in state.Variables)
        {
            using var parsed = JsonDocument.Parse(variable.Json);
            document.Variables[variable.Name] = parsed.RootElement.Clone();
        }
        return JsonSerializer.SerializeToUtf8Bytes(document, JsonFiles.Readable.ExecutionResultDocument);
    }

    /// <summary>Reads a result file back.</summary>
    /// <exception cref="ExecutionDataException">The file is not a valid result (the message names the line).</exception>
    public static ExecutionResultDocument Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return JsonSerializer.Deserialize(bytes, JsonFiles.Readable.ExecutionResultDocument)
                ?? throw new ExecutionDataException(path, 1, "expected a JSON object with the execution result, found null.");
        }
        catch (JsonException e)
        {
            throw new ExecutionDataException(path, (int)(e.LineNumber ?? 0) + 1, $"not a valid execution result: {e.Message}", e);
        }
    }
}

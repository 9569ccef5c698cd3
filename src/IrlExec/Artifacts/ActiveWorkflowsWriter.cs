using System.Text.Json;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// Keeps <c>execution/active/workflows.json</c> current: an entry per execution that is running or paused, removed when
/// it finishes. The list changes only when an execution's status does (start, pause, resume, end), as the seed's
/// Active Workflows table does: it is one file shared by every execution, so it is not rewritten at every step. Updates
/// from many processes are serialized with a lock file and written atomically.
/// </summary>
public sealed class ActiveWorkflowsWriter(ExecutionLayout layout) : IExecutionObserver
{
    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        if (!records.Any(r => r.Kind == ExecutionEventKind.StatusChanged)) return ValueTask.CompletedTask;
        using var _ = CrossProcessLock.Acquire(layout.ActiveWorkflowsFile + ".lock", TimeSpan.FromSeconds(30));
        var document = Read(layout.ActiveWorkflowsFile) ?? new ActiveWorkflowsDocument();
        document.Workflows.RemoveAll(w => w.ExecutionId == state.ExecutionId);
        if (!StatusTransitions.IsTerminal(state.Status))
        {
            document.Workflows.Add(new ActiveWorkflowEntry
            {
                ExecutionId = state.ExecutionId,
                Workflow = state.Workflow,
                Started = state.StartTime,
                Status = state.Status,
                CurrentStep = state.CurrentStep,
                Mode = state.Mode,
                LogFile = layout.RelativeToExecution(layout.LogFile(state.RunLabel)),
                Actor = state.Actor,
                ProcessId = state.Status == ExecutionStatus.Paused ? null : Environment.ProcessId,
            });
        }
        document.LastUpdated = state.LastUpdated;
        // A view of the histories (already on disk): no fsync of its own, see docs/storage.md.
        AtomicFile.WriteAllBytes(layout.ActiveWorkflowsFile, JsonSerializer.SerializeToUtf8Bytes(document, JsonFiles.Readable.ActiveWorkflowsDocument), flushToDisk: false);
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads the active list, or null when the file does not exist.</summary>
    /// <exception cref="ExecutionDataException">The file is not a valid active list (the message names the line).</exception>
    public static ActiveWorkflowsDocument? Read(string path)
    {
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        try
        {
            return JsonSerializer.Deserialize(bytes, JsonFiles.Readable.ActiveWorkflowsDocument)
                ?? throw new ExecutionDataException(path, 1, "expected a JSON object with a \"workflows\" array, found null.");
        }
        catch (JsonException e)
        {
            throw new ExecutionDataException(path, (int)(e.LineNumber ?? 0) + 1, $"not a valid active workflows list: {e.Message}", e);
        }
    }
}

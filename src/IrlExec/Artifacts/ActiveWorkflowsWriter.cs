using System.Collections.Concurrent;
using System.Text.Json;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>
/// Keeps <c>execution/active/workflows.json</c> current: an entry per execution that is running or paused, removed when
/// it finishes. The list changes only when an execution's status does (start, pause, resume, end), as the seed's
/// Active Workflows table does: it is one file shared by every execution, so it is not rewritten at every step. Updates
/// from many processes are serialized with a lock file and written atomically. A damaged list never stops a run: it is
/// set aside (<c>workflows.json.damaged-&lt;time&gt;</c>) and rebuilt from the histories.
/// </summary>
/// <remarks>
/// The list is derived from the histories, never read to decide anything: an execution is active when its history has not
/// finished. The standard views (<see cref="StandardObservers.For"/>) use two of these writers, one before every other view
/// and one after them, so that an execution whose views may lag its history is always listed: it is listed before any of
/// its other views is written, and a finished execution leaves the list only once every other view shows its end (not at
/// all in a run where a view failed). <see cref="ViewRepair"/> starts from the executions listed here.
/// </remarks>
public sealed class ActiveWorkflowsWriter : IExecutionObserver, IViewFile, IReportsViewRepairs, INeedsEveryOtherView, IMarksLaggingViews, IPreparesFiles
{
    private enum Role
    {
        AddAndRemove,
        Add,
        Remove,
    }

    private readonly ExecutionLayout _layout;
    private readonly Role _role;
    private readonly ConcurrentDictionary<string, List<ViewProblem>> _repairs = new(StringComparer.Ordinal);
    // The file the writer that removes a finished execution writes the list into, made while the run's steps ran.
    private readonly ConcurrentDictionary<string, PreparedFile> _prepared = new(StringComparer.Ordinal);

    /// <summary>A writer that lists an execution while it is running or paused and removes it when it finishes.</summary>
    public ActiveWorkflowsWriter(ExecutionLayout layout) : this(layout, Role.AddAndRemove) { }

    private ActiveWorkflowsWriter(ExecutionLayout layout, Role role)
    {
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _role = role;
    }

    /// <summary>The writer that runs before the other views: lists the execution (and updates its entry) at each status change.</summary>
    internal static ActiveWorkflowsWriter Listing(ExecutionLayout layout) => new(layout, Role.Add);

    /// <summary>The writer that runs after the other views: removes a finished execution once they all show its end.</summary>
    internal static ActiveWorkflowsWriter Unlisting(ExecutionLayout layout) => new(layout, Role.Remove);

    /// <inheritdoc />
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        if (!records.Any(r => r.Kind == ExecutionEventKind.StatusChanged)) return ValueTask.CompletedTask;
        var finished = StatusTransitions.IsTerminal(state.Status);
        switch (_role)
        {
            case Role.Add:
                // A run's first pass shows its start (or resume): the execution is listed from then on, so a finished
                // execution's last pass has nothing to add, unless that pass is also its first.
                if (finished && !records.Any(r => r.Kind == ExecutionEventKind.StatusChanged && r.Status is { } to && !StatusTransitions.IsTerminal(to))) break;
                Change(state, document => Put(document, state));
                break;
            case Role.Remove:
                if (finished)
                {
                    _prepared.TryRemove(state.ExecutionId, out var prepared);
                    Change(state, document => document.Workflows.RemoveAll(w => w.ExecutionId == state.ExecutionId), prepared);
                }
                break;
            default:
                Change(state, document =>
                {
                    if (finished) document.Workflows.RemoveAll(w => w.ExecutionId == state.ExecutionId);
                    else Put(document, state);
                });
                break;
        }
        return ValueTask.CompletedTask;
    }

    string? IViewFile.FileFor(ExecutionState state) => _layout.ActiveWorkflowsFile;

    bool INeedsEveryOtherView.NeedsEveryOtherView => _role == Role.Remove;

    bool IMarksLaggingViews.MarksLaggingViews => _role != Role.Remove;

    IReadOnlyList<ViewProblem> IReportsViewRepairs.TakeRepairs(string executionId) =>
        _repairs.TryRemove(executionId, out var repairs) ? repairs : [];

    void IPreparesFiles.Prepare(string executionId)
    {
        // Only the last write of a run is on its end's path: the removal of a finished execution.
        if (_role != Role.Remove || _prepared.ContainsKey(executionId)) return;
        if (PreparedFile.TryCreate(_layout.ActiveWorkflowsFile) is { } file && !_prepared.TryAdd(executionId, file)) file.Dispose();
    }

    // The old list is deleted by the write itself: the list is the end's last write, after the README's fsync.
    void IPreparesFiles.FreeReplaced(string executionId)
    {
    }

    Task IPreparesFiles.FinishAsync(string executionId)
    {
        if (_prepared.TryRemove(executionId, out var unused)) unused.Dispose();
        return Task.CompletedTask;
    }

    private void Change(ExecutionState state, Action<ActiveWorkflowsDocument> change, PreparedFile? prepared = null)
    {
        if (Update(_layout, state.LastUpdated, change, prepared) is { } setAside)
        {
            _repairs.GetOrAdd(state.ExecutionId, _ => []).Add(new ViewProblem(nameof(ActiveWorkflowsWriter), _layout.ActiveWorkflowsFile,
                $"the active list was damaged; it was rebuilt from the histories and the damaged copy kept as {setAside}", repaired: true));
        }
    }

    /// <summary>
    /// Reads, changes and rewrites the active list under its lock. A damaged list is set aside and rebuilt from the
    /// histories first; returns the set-aside copy's path then, else null.
    /// </summary>
    internal static string? Update(ExecutionLayout layout, DateTimeOffset now, Action<ActiveWorkflowsDocument> change) => Update(layout, now, change, prepared: null);

    // prepared: a file made ahead for the new list (see PreparedFile); disposed either way.
    private static string? Update(ExecutionLayout layout, DateTimeOffset now, Action<ActiveWorkflowsDocument> change, PreparedFile? prepared)
    {
        using var unused = prepared; // disposing a used one again does nothing
        RunTrace.Mark("a>");
        using var _ = CrossProcessLock.Acquire(layout.ActiveWorkflowsFile + ".lock", TimeSpan.FromSeconds(30));
        RunTrace.Mark("a locked");
        string? setAside = null;
        ActiveWorkflowsDocument document;
        try
        {
            document = Read(layout.ActiveWorkflowsFile) ?? new ActiveWorkflowsDocument();
            RunTrace.Mark("a read");
        }
        catch (ExecutionDataException)
        {
            setAside = DamagedCopy.SetAside(layout.ActiveWorkflowsFile, now);
            document = FromHistories(layout);
        }
        change(document);
        document.LastUpdated = now;
        // A view of the histories (already on disk): no fsync of its own, see docs/storage.md.
        AtomicFile.WriteAllBytes(layout.ActiveWorkflowsFile, Render(document), flushToDisk: false, prepared, replaced: null);
        return setAside;
    }

    /// <summary>Puts <paramref name="state"/>'s entry in <paramref name="document"/> (replacing the one it had).</summary>
    internal static void Put(ExecutionLayout layout, ActiveWorkflowsDocument document, ExecutionState state, int? processId)
    {
        document.Workflows.RemoveAll(w => w.ExecutionId == state.ExecutionId);
        document.Workflows.Add(new ActiveWorkflowEntry
        {
            ExecutionId = state.ExecutionId,
            Workflow = state.Workflow,
            Started = state.StartTime,
            Status = state.Status,
            CurrentStep = state.CurrentStep,
            Mode = state.Mode,
            LogFile = state.RunLabel.Length == 0 ? "" : layout.RelativeToExecution(layout.LogFile(state.RunLabel)),
            Actor = state.Actor,
            ProcessId = processId,
        });
    }

    private void Put(ActiveWorkflowsDocument document, ExecutionState state) =>
        Put(_layout, document, state, state.Status == ExecutionStatus.Paused ? null : Environment.ProcessId);

    /// <summary>The active list as the histories say it is: an entry for every execution whose history has not finished.</summary>
    internal static ActiveWorkflowsDocument FromHistories(ExecutionLayout layout)
    {
        var document = new ActiveWorkflowsDocument();
        foreach (var id in ExecutionStateFiles.HistoryIds(layout))
        {
            var path = layout.HistoryFile(id);
            try
            {
                if (HistoryFiles.IsFinished(path)) continue;
                var state = ExecutionStateProjector.Replay(FileSystemExecutionStore.ReadHistory(path)!.Value.Records);
                state.ExecutionId = id;
                Put(layout, document, state, processId: null);
                if (state.LastUpdated > document.LastUpdated) document.LastUpdated = state.LastUpdated;
            }
            catch (ExecutionDataException)
            {
                // A damaged history is not listed here; validate and list report it.
            }
        }
        document.Workflows.Sort((a, b) => a.Started.CompareTo(b.Started));
        return document;
    }

    /// <summary>The bytes IrlExec writes for <paramref name="document"/> (a file that reads back to other bytes was not written as it is).</summary>
    internal static byte[] Render(ActiveWorkflowsDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, JsonFiles.Readable.ActiveWorkflowsDocument);

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

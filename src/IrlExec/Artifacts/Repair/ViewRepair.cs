using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IrlExec;

/// <summary>
/// Compares the views of executions (the JSON snapshot, the markdown copies, the log, the result, the active list entry
/// and the manifest row) with their histories, which are the only record, and rebuilds every view that lags. Used by
/// <c>irlexec validate</c> (<see cref="Check(CancellationToken)"/>) and <c>irlexec repair</c>
/// (<see cref="Repair(CancellationToken)"/>), by a <see cref="WorkflowRunner.ForDirectory"/> runner when it first opens
/// its root (the executions the active list still names although their history has finished), and by a resume.
/// </summary>
/// <remarks>
/// <para>An execution a runner holds is not compared: its views are being written. A damaged view is set aside as
/// <c>&lt;name&gt;.damaged-&lt;time&gt;</c> before it is rebuilt. A view that shows more than the history (a step
/// completed, or an end, that the history does not hold) proves the history lost records: that execution's views are
/// left alone as evidence, and it cannot be resumed.</para>
/// <para>A finished execution whose result file or manifest row is gone while its other views agree with the history is
/// taken as cleaned up on purpose (<c>irlexec clean</c>, a row pruned by hand), not as lagging: the active list names an
/// execution until every view shows its end, so a result missing from a finished execution no longer listed there was
/// written once.</para>
/// </remarks>
public sealed partial class ViewRepair
{
    /// <summary>A temporary file of an interrupted atomic write older than this is removed by a repair.</summary>
    internal static readonly TimeSpan StaleTemporaryAge = TimeSpan.FromMinutes(10);

    private readonly TimeProvider _time;

    /// <summary>A repair of the root <paramref name="layout"/>.</summary>
    public ViewRepair(ExecutionLayout layout, TimeProvider? timeProvider = null)
    {
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The root.</summary>
    public ExecutionLayout Layout { get; }

    /// <summary>Compares every execution's views with its history; changes nothing.</summary>
    public ViewReport Check(CancellationToken cancellationToken = default) => Run(AllIds(), repair: false, light: false, cancellationToken, wholeRoot: true);

    /// <summary>
    /// Rebuilds, from its history, every view that lags (or is missing or damaged) of every execution no runner holds,
    /// and removes temporary files left by interrupted atomic writes. Histories are never changed.
    /// </summary>
    public ViewReport Repair(CancellationToken cancellationToken = default) => Run(AllIds(), repair: true, light: false, cancellationToken, wholeRoot: true);

    /// <summary>Compares one execution's views with its history; changes nothing.</summary>
    public ViewReport Check(string executionId, CancellationToken cancellationToken = default) =>
        Run([PathSafety.ExecutionId(executionId)], repair: false, light: false, cancellationToken);

    /// <summary>Rebuilds one execution's views that lag its history (unless a runner holds it).</summary>
    public ViewReport Repair(string executionId, CancellationToken cancellationToken = default) =>
        Run([PathSafety.ExecutionId(executionId)], repair: true, light: false, cancellationToken);

    /// <summary>
    /// A quicker comparison of the given executions, for listings (<c>irlexec list</c>): the snapshot, the result, the
    /// active list entry and the manifest row only (no markdown is parsed, no log read). Enough to see a history that lost
    /// records and most views that lag; changes nothing.
    /// </summary>
    public ViewReport CheckQuickly(IReadOnlyList<string> executionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionIds);
        return Run(executionIds.Select(PathSafety.ExecutionId).ToList(), repair: false, light: true, cancellationToken);
    }

    /// <summary>
    /// What a runner does when it first opens its root: rebuilds the views of the executions the active list still names
    /// although their history has finished (their views stopped before the end: a process killed after the last record,
    /// or a view that failed). A damaged active list is set aside and rebuilt. Cheap when nothing lags: one read of the
    /// active list.
    /// </summary>
    internal ViewReport RepairListed(CancellationToken cancellationToken)
    {
        var findings = new List<ViewFinding>();
        ActiveWorkflowsDocument? active;
        try
        {
            active = ActiveWorkflowsWriter.Read(Layout.ActiveWorkflowsFile);
        }
        catch (ExecutionDataException e)
        {
            var finding = new ViewFinding("", ViewKind.ActiveList, Layout.ActiveWorkflowsFile, ViewCondition.Damaged, e.Problem);
            findings.Add(finding);
            finding.SetAsideCopy = ActiveWorkflowsWriter.Update(Layout, _time.GetUtcNow(), _ => { });
            finding.Repaired = true;
            active = ActiveWorkflowsWriter.Read(Layout.ActiveWorkflowsFile);
        }
        var finished = new List<string>();
        foreach (var entry in active?.Workflows ?? [])
        {
            try
            {
                if (HistoryFiles.IsFinished(Layout.HistoryFile(entry.ExecutionId))) finished.Add(entry.ExecutionId);
            }
            catch (Exception e) when (e is ExecutionDataException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                // Not an id, or a damaged history: list and validate report it; nothing to rebuild from.
            }
        }
        if (finished.Count == 0) return new ViewReport(findings, [], 0);
        var report = Run(finished, repair: true, light: false, cancellationToken, index: true);
        return new ViewReport([.. findings, .. report.Findings], report.Running, report.ExecutionsChecked);
    }

    /// <summary>
    /// Compares the views of an execution the caller holds (a resume, before it records anything) with its history,
    /// rebuilds those that lag, and returns the findings.
    /// </summary>
    /// <exception cref="ExecutionDataException">A view shows more than the history: records are missing from it.</exception>
    internal ViewReport RepairHeld(string executionId, IReadOnlyList<ExecutionEvent> history)
    {
        var state = ExecutionStateProjector.Replay(history);
        state.ExecutionId = executionId;
        var shared = new SharedViews(Layout);
        var findings = new List<ViewFinding>();
        var behind = Inspect(executionId, history, state, shared, light: false, findings);
        if (behind is not null) throw new ExecutionDataException(behind.File, 0, behind.Message);
        // Shared views that cannot be read are set aside and rebuilt too: the run would overwrite them.
        RepairShared(shared, findings);
        if (shared.WorkspaceWasDamaged) findings.Add(new ViewFinding(executionId, ViewKind.WorkspaceMarkdown, Layout.WorkspaceStateFile, ViewCondition.Lagging, "was set aside."));
        Fix(executionId, state, history, shared, findings);
        return new ViewReport(findings, [], 1);
    }

    private IReadOnlyList<string> AllIds()
    {
        var ids = new SortedSet<string>(ExecutionStateFiles.HistoryIds(Layout), StringComparer.Ordinal);
        foreach (var id in ExecutionStateFiles.ListIds(Layout))
        {
            // A view without a history is a deleted history's execution only when it names it (not a workflow's own file).
            if (!ids.Contains(id) && IsExecutionId(id) && ExecutionStateFiles.ShowsExecution(Layout, id)) ids.Add(id);
        }
        return [.. ids];
    }

    private static bool IsExecutionId(string id)
    {
        try
        {
            PathSafety.ExecutionId(id);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // wholeRoot: every execution of the root is compared (validate, repair): the index is compared with them, and a
    // repair rewrites it whole when it is damaged or lists what no history finished. index: the index entries of the
    // given executions are compared (and appended by a repair) without reading the whole root.
    private ViewReport Run(IReadOnlyList<string> ids, bool repair, bool light, CancellationToken cancellationToken, bool wholeRoot = false, bool index = false)
    {
        var findings = new List<ViewFinding>();
        var running = new List<string>();
        var shared = new SharedViews(Layout) { CompareIndex = wholeRoot || index };
        var finishedEntries = wholeRoot ? new List<FinishedIndexEntry>() : null;
        var unread = new HashSet<string>(StringComparer.Ordinal);
        if (repair) RepairShared(shared, findings);
        else shared.Report(findings);

        ExecutionState? latest = null;
        var checkedCount = 0;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var lease = FileSystemExecutionStore.TryLease(Layout, id, create: repair);
            if (lease is null)
            {
                running.Add(id);
                unread.Add(id);
                continue;
            }
            checkedCount++;
            HistoryCodec.DecodeResult? decoded;
            var historyFile = Layout.HistoryFile(id);
            try
            {
                decoded = FileSystemExecutionStore.ReadHistory(historyFile);
            }
            catch (ExecutionDataException e)
            {
                findings.Add(new ViewFinding(id, ViewKind.History, e.FilePath, ViewCondition.HistoryDamaged, e.Problem, e.Line));
                unread.Add(id);
                continue;
            }
            if (decoded is not { } history)
            {
                if (MissingHistory(id) is { } missing) findings.Add(missing);
                continue;
            }
            if (history.TornTailDropped)
            {
                findings.Add(new ViewFinding(id, ViewKind.History, historyFile, ViewCondition.TornTail,
                    "the last line is torn (no newline: a process stopped while writing it). It was never committed: it is ignored, and cut off when the execution is resumed.",
                    history.Records.Count + 1));
            }
            var state = ExecutionStateProjector.Replay(history.Records);
            state.ExecutionId = id;
            var own = new List<ViewFinding>();
            var behind = Inspect(id, history.Records, state, shared, light, own);
            if (behind is not null)
            {
                findings.Add(behind);
                unread.Add(id); // its index entry too is left as it is, with the other views, as evidence
                continue;
            }
            if (latest is null || state.LastUpdated > latest.LastUpdated) latest = state;
            if (finishedEntries is not null && StatusTransitions.IsTerminal(state.Status)) finishedEntries.Add(FinishedIndexEntry.For(state));
            if (repair)
            {
                Fix(id, state, history.Records, shared, own);
                RemoveOwnTemporaryFiles(id);
            }
            findings.AddRange(own);
        }
        if (wholeRoot) CompareWholeIndex(shared, finishedEntries!, unread, repair, findings);
        if (repair)
        {
            RepairWorkspace(shared, latest, findings);
            RemoveStaleTemporaryFiles();
        }
        else if (latest is not null && !shared.WorkspaceRewritten && !File.Exists(Layout.WorkspaceStateFile))
        {
            // Every run writes the workspace file: with an execution under the root, a missing one lags.
            findings.Add(new ViewFinding(latest.ExecutionId, ViewKind.WorkspaceMarkdown, Layout.WorkspaceStateFile, ViewCondition.Lagging, "is missing."));
        }
        return new ViewReport(findings, running, checkedCount);
    }

    // An execution whose history is gone while its snapshot or markdown still show it (a file of another kind that only
    // shares the folder, such as a workflow's own state file, is not an execution).
    private ViewFinding? MissingHistory(string id)
    {
        var markdown = Layout.MarkdownFile(id);
        var shown = Shows(markdown, ExecutionStateMarkdownParser.ReadFile) ? markdown : Shows(Layout.SnapshotFile(id), SnapshotWriter.Read) ? Layout.SnapshotFile(id) : null;
        if (shown is null) return null;
        var resumable = shown == markdown
            ? $"'irlexec resume {id}' (or ResumeAsync) starts a new history from it"
            : "no markdown copy holds it, so it cannot be resumed";
        return new ViewFinding(id, ViewKind.History, Layout.HistoryFile(id), ViewCondition.HistoryMissing,
            $"the history (the execution's record) is missing; {shown} still shows the execution: {resumable}.");

        bool Shows(string file, Func<string, ExecutionState> read)
        {
            if (!File.Exists(file)) return false;
            try
            {
                return read(file).ExecutionId == id;
            }
            catch (ExecutionDataException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Adds a finding for every view of <paramref name="id"/> that does not agree with the history. Returns a
    /// <see cref="ViewCondition.HistoryBehind"/> finding instead (and adds nothing) when a view shows more than the history.
    /// </summary>
    private ViewFinding? Inspect(string id, IReadOnlyList<ExecutionEvent> history, ExecutionState state, SharedViews shared, bool light, List<ViewFinding> findings)
    {
        var progress = ViewProgress.Of(state);
        var ahead = new List<string>();
        var terminal = StatusTransitions.IsTerminal(state.Status);

        // A file rewritten whole is exactly what the history renders; otherwise it lags, shows more, or was changed.
        void CompareWhole(ViewKind kind, string file, Func<byte[]> render, Func<string, ExecutionState> read)
        {
            if (!File.Exists(file))
            {
                findings.Add(new ViewFinding(id, kind, file, ViewCondition.Lagging, "is missing."));
                return;
            }
            var actual = File.ReadAllBytes(file);
            var expected = render();
            if (actual.AsSpan().SequenceEqual(expected)) return;
            ExecutionState view;
            try
            {
                view = read(file);
            }
            catch (ExecutionDataException e)
            {
                findings.Add(new ViewFinding(id, kind, file, ViewCondition.Damaged, e.Problem, e.Line));
                return;
            }
            var shown = ViewProgress.Of(view);
            var (standing, extra) = ViewProgress.Compare(shown, progress);
            if (standing == ViewProgress.Standing.Ahead) ahead.Add($"{file} shows {extra}");
            else if (standing == ViewProgress.Standing.Behind)
            {
                findings.Add(new ViewFinding(id, kind, file, ViewCondition.Lagging, $"shows {shown.Describe(view.Steps.Count)}; the history: {progress.Describe(state.Steps.Count)}."));
            }
            else findings.Add(Changed(id, kind, file, actual, expected));
        }

        // The JSON snapshot.
        var snapshot = Layout.SnapshotFile(id);
        CompareWhole(ViewKind.Snapshot, snapshot, () => new SnapshotRenderer().Render(state), SnapshotWriter.Read);

        // The markdown copies.
        byte[]? markdown = null;
        byte[] Markdown() => markdown ??= ExecutionStateMarkdownObserver.Render(state);
        if (!light)
        {
            CompareWhole(ViewKind.Markdown, Layout.MarkdownFile(id), Markdown, ExecutionStateMarkdownParser.ReadFile);
            if (shared.Workspace is { } workspace && workspace.ExecutionId == id)
            {
                CompareWhole(ViewKind.WorkspaceMarkdown, Layout.WorkspaceStateFile, Markdown, ExecutionStateMarkdownParser.ReadFile);
            }
        }

        // The result: written once, at the end.
        string? result = null;
        var resultMissing = false;
        if (state.RunLabel.Length > 0 && TryResultFile(state, out result))
        {
            if (File.Exists(result)) InspectResult(id, state, result, ahead, findings);
            else resultMissing = terminal;
        }

        if (ahead.Count > 0)
        {
            var last = history[^1];
            var files = new[] { snapshot, Layout.MarkdownFile(id), result }.Where(f => f is not null && File.Exists(f));
            return new ViewFinding(id, ViewKind.History, Layout.HistoryFile(id), ViewCondition.HistoryBehind, string.Create(CultureInfo.InvariantCulture,
                $"records are missing from the history: it ends at record {last.Sequence} ({Describe(last)}; {progress.Describe(state.Steps.Count)}), but {string.Join("; ", ahead)}. Resuming would run again what those files say was done, so it is refused. Restore the history from a backup ('irlexec restore'); or, to run those steps again knowingly, move {string.Join(", ", files)} out of the way and resume."));
        }

        // The log: every line the history logs, in order.
        if (!light && state.RunLabel.Length > 0) InspectLog(id, history, state, findings);

        var entry = shared.Active?.Workflows.FirstOrDefault(w => w.ExecutionId == id);
        var listed = entry is not null;
        var othersLag = findings.Any(f => f.ExecutionId == id && !f.IsWarning);

        // The manifest row.
        if (shared.Manifest is { } manifest && state.RunLabel.Length > 0)
        {
            var row = ExecutionManifest.RowCondition(Layout, manifest, state);
            // A finished execution without a row lags only while its other views do (or the README is gone): else its row
            // was pruned on purpose, or rolled into a page of older runs, where it belongs. The pages are read only then
            // (they hold a row for nearly every execution the root has seen).
            var missingLags = !terminal || listed || othersLag || shared.ManifestMissing;
            if (row == ManifestRowCondition.Missing && terminal && missingLags && ExecutionManifest.IsRolled(Layout, state, shared.RolledResults)) row = ManifestRowCondition.Current;
            if (row is ManifestRowCondition.WrongTable or ManifestRowCondition.WrongStatus or ManifestRowCondition.Repeated || (row == ManifestRowCondition.Missing && missingLags))
            {
                findings.Add(new ViewFinding(id, ViewKind.Manifest, Layout.ManifestFile, ViewCondition.Lagging, row switch
                {
                    ManifestRowCondition.Missing => shared.ManifestMissing ? "is missing (it is recreated from the seed's manifest)." : "has no row for this execution.",
                    ManifestRowCondition.WrongTable => terminal ? "still shows the execution under Active Workflows." : "shows the execution under Completed Workflows.",
                    ManifestRowCondition.Repeated => "shows the execution in more than one row.",
                    _ => $"shows another status for the execution than '{ExecutionManifest.StatusLabel(state)}'.",
                }));
            }
        }

        if (resultMissing && (listed || othersLag))
        {
            findings.Add(new ViewFinding(id, ViewKind.Result, result!, ViewCondition.Lagging, "is missing: the execution has finished."));
        }

        // The index entry of a finished execution.
        if (shared.CompareIndex && terminal && state.RunLabel.Length > 0)
        {
            var expected = FinishedIndexEntry.For(state);
            if (!shared.Index.Entries.TryGetValue(id, out var indexed))
            {
                findings.Add(new ViewFinding(id, ViewKind.Index, FinishedIndex.FilePath(Layout), ViewCondition.Lagging, "has no entry for the execution, which has finished."));
            }
            else if (FinishedIndex.Differs(indexed, expected) is { } differs)
            {
                findings.Add(new ViewFinding(id, ViewKind.Index, FinishedIndex.FilePath(Layout), ViewCondition.Lagging, differs));
            }
        }

        // The active list entry: the mark of an execution whose views may lag.
        if (shared.Active is not null || shared.ActiveMissing)
        {
            if (terminal && listed) findings.Add(new ViewFinding(id, ViewKind.ActiveList, Layout.ActiveWorkflowsFile, ViewCondition.Lagging, $"still lists the execution, which has finished ({StatusTransitions.ToWireName(state.Status)})."));
            else if (!terminal && !listed) findings.Add(new ViewFinding(id, ViewKind.ActiveList, Layout.ActiveWorkflowsFile, ViewCondition.Lagging, $"does not list the execution, which has not finished ({StatusTransitions.ToWireName(state.Status)})."));
            else if (!terminal && EntryDiffers(entry!, state) is { } differs) findings.Add(new ViewFinding(id, ViewKind.ActiveList, Layout.ActiveWorkflowsFile, ViewCondition.Lagging, $"lists the execution with {differs}."));
        }
        return null;
    }

    // A finding for a view that shows what the history shows but is not what it renders: edited, or damaged.
    private static ViewFinding Changed(string id, ViewKind kind, string file, byte[] actual, byte[] expected)
    {
        var common = 0;
        while (common < actual.Length && common < expected.Length && actual[common] == expected[common]) common++;
        var line = 1 + actual.AsSpan(0, common).Count((byte)'\n');
        if (common == expected.Length)
        {
            var extra = actual.AsSpan(common);
            var preview = Encoding.UTF8.GetString(extra[..Math.Min(extra.Length, 40)]).ReplaceLineEndings(" ").Trim();
            return new ViewFinding(id, kind, file, ViewCondition.Damaged,
                $"text after the end ('{preview}'): it is not part of what IrlExec writes, is not read back, and is lost at the next rewrite.", line);
        }
        return new ViewFinding(id, kind, file, ViewCondition.Damaged,
            "differs from what its history renders from this line on (edited, or damaged); it is rewritten from the history at the next change.", line);
    }

    private static void InspectResult(string id, ExecutionState state, string result, List<string> ahead, List<ViewFinding> findings)
    {
        var terminal = StatusTransitions.IsTerminal(state.Status);
        var actual = File.ReadAllBytes(result);
        var expected = terminal ? ResultWriter.Render(state) : null;
        if (expected is not null && actual.AsSpan().SequenceEqual(expected)) return;
        ExecutionResultDocument document;
        try
        {
            document = ResultWriter.Read(result);
        }
        catch (ExecutionDataException e)
        {
            findings.Add(new ViewFinding(id, ViewKind.Result, result, ViewCondition.Damaged, e.Problem, e.Line));
            return;
        }
        if (!terminal)
        {
            if (StatusTransitions.IsTerminal(document.Status)) ahead.Add($"{result} records the end ({StatusTransitions.ToWireName(document.Status)}, {document.Metrics.StepsCompleted} steps completed)");
            return;
        }
        if (document.Status != state.Status || document.Timestamp != state.LastUpdated || document.ExecutionId != id)
        {
            findings.Add(new ViewFinding(id, ViewKind.Result, result, ViewCondition.Lagging,
                $"records {StatusTransitions.ToWireName(document.Status)} at {LogLine.FormatTimestamp(document.Timestamp)}; the history: {StatusTransitions.ToWireName(state.Status)} at {LogLine.FormatTimestamp(state.LastUpdated)}."));
        }
        else findings.Add(Changed(id, ViewKind.Result, result, actual, expected!));
    }

    // What an active list entry shows that the history does not (the process id is not compared: it is the runner's).
    private string? EntryDiffers(ActiveWorkflowEntry entry, ExecutionState state)
    {
        var expected = new ActiveWorkflowsDocument();
        ActiveWorkflowsWriter.Put(Layout, expected, state, processId: null);
        var want = expected.Workflows[0];
        var differs = new List<string>();
        if (entry.Status != want.Status) differs.Add($"status {StatusTransitions.ToWireName(entry.Status)} (the history: {StatusTransitions.ToWireName(want.Status)})");
        if (entry.CurrentStep != want.CurrentStep) differs.Add(string.Create(CultureInfo.InvariantCulture, $"current step {entry.CurrentStep} (the history: {want.CurrentStep})"));
        if (entry.Workflow != want.Workflow || entry.Mode != want.Mode || entry.Started != want.Started || entry.LogFile != want.LogFile || entry.Actor != want.Actor)
        {
            differs.Add("other workflow, mode, start, log file or actor than its history");
        }
        return differs.Count == 0 ? null : string.Join(", ", differs);
    }

    private static string Describe(ExecutionEvent record) => record.Kind switch
    {
        ExecutionEventKind.StatusChanged => "status " + StatusTransitions.ToWireName(record.Status ?? ExecutionStatus.Planning),
        ExecutionEventKind.StepStarted or ExecutionEventKind.StepCompleted or ExecutionEventKind.StepFailed =>
            string.Create(CultureInfo.InvariantCulture, $"{record.Kind} of step {record.Step}"),
        _ => record.Kind.ToString(),
    };

    private bool TryResultFile(ExecutionState state, out string path)
    {
        try
        {
            path = Layout.ResultFile(state.Workflow, state.RunLabel);
            return true;
        }
        catch (ArgumentException)
        {
            path = "";
            return false;
        }
    }

    private void InspectLog(string id, IReadOnlyList<ExecutionEvent> history, ExecutionState state, List<ViewFinding> findings)
    {
        var log = Layout.LogFile(state.RunLabel);
        if (!File.Exists(log))
        {
            if (!IsArchived(state.RunLabel)) findings.Add(new ViewFinding(id, ViewKind.Log, log, ViewCondition.Lagging, "is missing (and not archived)."));
            return;
        }
        var expected = ExecutionLogWriter.Render(id, history);
        var bytes = File.ReadAllBytes(log);
        string actual;
        try
        {
            actual = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var line = 1 + bytes.AsSpan(0, Math.Clamp(e.Index, 0, bytes.Length)).Count((byte)'\n');
            findings.Add(new ViewFinding(id, ViewKind.Log, log, ViewCondition.Damaged, "the log is not UTF-8 text (a byte that is not UTF-8 is on this line).", line));
            return;
        }
        if (actual == expected) return;
        var expectedLines = expected.Split('\n')[..^1];
        if (expected.StartsWith(actual, StringComparison.Ordinal))
        {
            var missing = expectedLines.Length - actual.Count(c => c == '\n');
            findings.Add(new ViewFinding(id, ViewKind.Log, log, ViewCondition.Lagging, string.Create(CultureInfo.InvariantCulture,
                $"lacks its last {missing} line(s), which the history holds.")));
            return;
        }
        // A plan migration changes how the lines before it render (the step count): only a missing end is certain then.
        if (state.PlanMigrations.Count > 0) return;
        var lines = actual.Split('\n');
        var complete = lines[..^1]; // the last part has no newline: empty, or a line torn by a stopped process
        var next = 0;
        for (var i = 0; i < complete.Length; i++)
        {
            while (next < expectedLines.Length && expectedLines[next] != complete[i]) next++;
            if (next == expectedLines.Length)
            {
                findings.Add(new ViewFinding(id, ViewKind.Log, log, ViewCondition.Damaged,
                    "this line is not one the history logs, in this order (edited, duplicated, or damaged).", i + 1));
                return;
            }
            next++;
        }
        // Lines in order, some missing (the lines of the commits a stopped process had not shown), or only a torn last
        // line (a warning, as 'irlexec logs' gives it: nothing the history logs is missing).
        var lacking = expectedLines.Length - complete.Length;
        findings.Add(lacking > 0
            ? new ViewFinding(id, ViewKind.Log, log, ViewCondition.Lagging, string.Create(CultureInfo.InvariantCulture, $"lacks {lacking} line(s) the history logs."))
            : new ViewFinding(id, ViewKind.Log, log, ViewCondition.TornTail, "the last line has no newline (a process stopped while writing it): it is cut off by 'irlexec repair' or a resume.", complete.Length + 1));
    }

    private bool IsArchived(string runLabel) =>
        Directory.Exists(Layout.ArchiveDirectory)
        && Directory.EnumerateFiles(Layout.ArchiveDirectory, runLabel + ".*log.gz", SearchOption.AllDirectories).Any();

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Rebuilds every view the findings name (the execution is held by the caller). The active list entry goes last, and
    // is removed from a finished execution only once everything else was rewritten: it marks views that may lag.
    private void Fix(string id, ExecutionState state, IReadOnlyList<ExecutionEvent> history, SharedViews shared, List<ViewFinding> findings)
    {
        var failed = false;
        var now = _time.GetUtcNow();

        void Do(ViewKind kind, Action<ViewFinding?> fix)
        {
            // A torn log line is a warning, but is cut off here: a line appended after it would be glued to it.
            var finding = findings.FirstOrDefault(f => f.ExecutionId == id && f.View == kind && (!f.IsWarning || kind == ViewKind.Log));
            if (finding is null) return;
            try
            {
                if (finding.Condition == ViewCondition.Damaged && File.Exists(finding.File) && kind is not (ViewKind.Manifest or ViewKind.ActiveList))
                {
                    finding.SetAsideCopy = DamagedCopy.SetAside(finding.File, now);
                }
                fix(finding);
                finding.Repaired = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ExecutionDataException or ArgumentException or TimeoutException)
            {
                finding.Message += " It could not be rewritten: " + e.Message;
                failed = true;
            }
        }

        Do(ViewKind.Snapshot, _ => SnapshotWriter.Write(Layout, state));
        byte[]? markdown = null;
        byte[] Markdown() => markdown ??= ExecutionStateMarkdownObserver.Render(state);
        Do(ViewKind.Markdown, _ => AtomicFile.WriteAllBytes(Layout.MarkdownFile(id), Markdown(), flushToDisk: false));
        Do(ViewKind.WorkspaceMarkdown, _ =>
        {
            AtomicFile.WriteAllBytes(Layout.WorkspaceStateFile, Markdown(), flushToDisk: false);
            shared.WorkspaceRewritten = true;
        });
        Do(ViewKind.Log, _ =>
        {
            var log = Layout.LogFile(state.RunLabel);
            var expected = ExecutionLogWriter.Render(id, history);
            var actual = File.Exists(log) ? Encoding.UTF8.GetString(File.ReadAllBytes(log)) : "";
            ExecutionLinks.Refuse(Layout, log);
            if (actual.Length > 0 && expected.StartsWith(actual, StringComparison.Ordinal))
            {
                // Only the end is missing: appended, as the log is written.
                using var stream = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                stream.Write(Encoding.UTF8.GetBytes(expected[actual.Length..]));
            }
            else
            {
                AtomicFile.WriteAllText(log, expected, flushToDisk: false);
            }
        });
        Do(ViewKind.Manifest, finding =>
        {
            if (ExecutionManifest.UpdateOrRebuild(Layout, state) is { } copy) finding!.SetAsideCopy = copy;
            shared.Manifest = null; // read again by the next execution's check
            shared.ManifestStale = true;
        });
        Do(ViewKind.Result, _ => ResultWriter.Write(Layout, state));
        Do(ViewKind.Index, _ =>
        {
            // The later line of an execution listed twice is the one read.
            FinishedIndex.Append(Layout, state);
            shared.Index.Put(FinishedIndexEntry.For(state));
        });
        if (failed) return;
        Do(ViewKind.ActiveList, _ =>
        {
            ActiveWorkflowsWriter.Update(Layout, state.LastUpdated, document =>
            {
                // No runner holds it (the caller does, or it is a resume about to start): no process id.
                if (StatusTransitions.IsTerminal(state.Status)) document.Workflows.RemoveAll(w => w.ExecutionId == id);
                else ActiveWorkflowsWriter.Put(Layout, document, state, processId: null);
            });
            shared.ActiveStale = true;
        });
    }

    // The index as a whole: lines that cannot be read, and entries of executions whose history has not finished (or is
    // gone). A repair rewrites it from the finished histories then (keeping the lines of executions it could not read).
    private void CompareWholeIndex(SharedViews shared, List<FinishedIndexEntry> finished, HashSet<string> unread, bool repair, List<ViewFinding> findings)
    {
        var file = FinishedIndex.FilePath(Layout);
        var contents = shared.Index;
        var whole = new List<ViewFinding>();
        foreach (var problem in contents.Problems) whole.Add(new ViewFinding("", ViewKind.Index, file, ViewCondition.Damaged, problem.Problem, problem.Line));
        var finishedIds = new HashSet<string>(finished.Select(e => e.ExecutionId), StringComparer.Ordinal);
        foreach (var entry in contents.Entries.Values)
        {
            if (finishedIds.Contains(entry.ExecutionId) || unread.Contains(entry.ExecutionId)) continue;
            // A history that is gone was cleaned up (its entry is ignored); one that has not finished is listed wrongly.
            var history = Layout.HistoryFile(entry.ExecutionId);
            if (!File.Exists(history)) continue;
            whole.Add(new ViewFinding(entry.ExecutionId, ViewKind.Index, file, ViewCondition.Lagging,
                $"lists the execution as {StatusTransitions.ToWireName(entry.Status)}; its history has not finished."));
        }
        var lagging = findings.Any(f => f.View == ViewKind.Index && !f.Repaired);
        if (repair && (whole.Count > 0 || lagging && !contents.Exists))
        {
            try
            {
                FinishedIndex.Rebuild(Layout, finished, unread);
                foreach (var finding in whole) finding.Repaired = true;
                foreach (var finding in findings.Where(f => f.View == ViewKind.Index)) finding.Repaired = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
            {
                foreach (var finding in whole) finding.Message += " It could not be rewritten: " + e.Message;
            }
        }
        // First, as the other shared files' findings are.
        findings.InsertRange(0, whole);
    }

    // Shared files that cannot be read at all: set aside and rebuilt before the executions are compared with them.
    private void RepairShared(SharedViews shared, List<ViewFinding> findings)
    {
        var now = _time.GetUtcNow();
        if (shared.ActiveDamage is { } active)
        {
            var finding = new ViewFinding("", ViewKind.ActiveList, Layout.ActiveWorkflowsFile, ViewCondition.Damaged, active.Problem, active.Line);
            findings.Add(finding);
            try
            {
                finding.SetAsideCopy = ActiveWorkflowsWriter.Update(Layout, now, _ => { });
                finding.Repaired = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
            {
                finding.Message += " It could not be rebuilt: " + e.Message;
            }
            shared.ActiveStale = true;
        }
        if (shared.ManifestDamage is { } manifest)
        {
            var finding = new ViewFinding("", ViewKind.Manifest, Layout.ManifestFile, ViewCondition.Damaged, manifest.Problem, manifest.Line);
            findings.Add(finding);
            try
            {
                finding.SetAsideCopy = ExecutionManifest.RebuildDamaged(Layout, now);
                finding.Repaired = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
            {
                finding.Message += " It could not be rebuilt: " + e.Message;
            }
            shared.ManifestStale = true;
        }
        if (shared.WorkspaceDamage is { } workspace)
        {
            var finding = new ViewFinding("", ViewKind.WorkspaceMarkdown, Layout.WorkspaceStateFile, ViewCondition.Damaged, workspace.Problem, workspace.Line);
            findings.Add(finding);
            try
            {
                finding.SetAsideCopy = DamagedCopy.SetAside(Layout.WorkspaceStateFile, now);
                finding.Repaired = true; // rewritten below with the execution updated last
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                finding.Message += " It could not be set aside: " + e.Message;
            }
            shared.WorkspaceDamage = null;
            shared.WorkspaceWasDamaged = true;
        }
    }

    // The workspace file shows the execution updated last: written when it is missing (or was set aside) and some
    // execution's views were rebuilt or compared.
    private void RepairWorkspace(SharedViews shared, ExecutionState? latest, List<ViewFinding> findings)
    {
        if (latest is null || shared.WorkspaceRewritten || File.Exists(Layout.WorkspaceStateFile)) return;
        var finding = new ViewFinding(latest.ExecutionId, ViewKind.WorkspaceMarkdown, Layout.WorkspaceStateFile, ViewCondition.Lagging, "is missing.");
        try
        {
            AtomicFile.WriteAllBytes(Layout.WorkspaceStateFile, ExecutionStateMarkdownObserver.Render(latest), flushToDisk: false);
            finding.Repaired = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            finding.Message += " It could not be written: " + e.Message;
        }
        findings.Add(finding);
    }

    [GeneratedRegex(@"^\..+\.[0-9a-f]{12}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();

    /// <summary>The temporary files of the atomic writes of an execution the caller holds: nobody else writes them.</summary>
    private void RemoveOwnTemporaryFiles(string id)
    {
        if (!Directory.Exists(Layout.StateDirectory)) return;
        foreach (var file in Directory.EnumerateFiles(Layout.StateDirectory, "." + id + ".*.tmp"))
        {
            if (TemporaryName().IsMatch(Path.GetFileName(file))) TryDelete(file);
        }
    }

    /// <summary>Temporary files of interrupted atomic writes that no write can still be using (older than <see cref="StaleTemporaryAge"/>).</summary>
    private void RemoveStaleTemporaryFiles()
    {
        var cutoff = _time.GetUtcNow().UtcDateTime - StaleTemporaryAge;
        foreach (var directory in new[] { Layout.ExecutionDirectory, Layout.StateDirectory, Layout.ResultsDirectory, Layout.ActiveDirectory, Layout.LogsDirectory, Layout.WorkspaceDirectory })
        {
            if (!Directory.Exists(directory)) continue;
            foreach (var file in Directory.EnumerateFiles(directory, ".*.tmp"))
            {
                if (TemporaryName().IsMatch(Path.GetFileName(file)) && File.GetLastWriteTimeUtc(file) < cutoff) TryDelete(file);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The files every execution shares, read once per comparison (and again after a repair changed them).</summary>
    private sealed class SharedViews
    {
        private readonly ExecutionLayout _layout;
        private ActiveWorkflowsDocument? _active;
        private ManifestDocument? _manifest;

        public SharedViews(ExecutionLayout layout)
        {
            _layout = layout;
            LoadActive();
            LoadManifest();
            if (File.Exists(layout.WorkspaceStateFile))
            {
                try
                {
                    Workspace = ExecutionStateMarkdownParser.ReadFile(layout.WorkspaceStateFile);
                }
                catch (ExecutionDataException e)
                {
                    WorkspaceDamage = e;
                }
            }
        }

        public ExecutionState? Workspace { get; }

        public ExecutionDataException? WorkspaceDamage { get; set; }

        public bool WorkspaceRewritten { get; set; }

        public bool WorkspaceWasDamaged { get; set; }

        public ExecutionDataException? ActiveDamage { get; private set; }

        public bool ActiveMissing { get; private set; }

        public bool ActiveStale { get; set; }

        public ActiveWorkflowsDocument? Active
        {
            get
            {
                if (ActiveStale)
                {
                    ActiveStale = false;
                    LoadActive();
                }
                return _active;
            }
        }

        public ExecutionDataException? ManifestDamage { get; private set; }

        public bool ManifestStale { get; set; }

        public ManifestDocument? Manifest
        {
            get
            {
                if (ManifestStale)
                {
                    ManifestStale = false;
                    LoadManifest();
                }
                return _manifest;
            }
            set => _manifest = value;
        }

        // Shared files that cannot be read, as findings of a check (a repair rebuilds them instead).
        public void Report(List<ViewFinding> findings)
        {
            if (ActiveDamage is { } active) findings.Add(new ViewFinding("", ViewKind.ActiveList, _layout.ActiveWorkflowsFile, ViewCondition.Damaged, active.Problem, active.Line));
            if (ManifestDamage is { } manifest) findings.Add(new ViewFinding("", ViewKind.Manifest, _layout.ManifestFile, ViewCondition.Damaged, manifest.Problem, manifest.Line));
            if (WorkspaceDamage is { } workspace) findings.Add(new ViewFinding("", ViewKind.WorkspaceMarkdown, _layout.WorkspaceStateFile, ViewCondition.Damaged, workspace.Problem, workspace.Line));
        }

        private void LoadActive()
        {
            _active = null;
            ActiveDamage = null;
            try
            {
                _active = ActiveWorkflowsWriter.Read(_layout.ActiveWorkflowsFile);
                ActiveMissing = _active is null;
                if (_active is not null)
                {
                    // IrlExec writes it with the serializer: a file that reads back to other bytes was changed by hand or damaged.
                    var bytes = File.ReadAllBytes(_layout.ActiveWorkflowsFile);
                    var rendered = ActiveWorkflowsWriter.Render(_active);
                    if (!bytes.AsSpan().SequenceEqual(rendered))
                    {
                        var common = 0;
                        while (common < bytes.Length && common < rendered.Length && bytes[common] == rendered[common]) common++;
                        ActiveDamage = new ExecutionDataException(_layout.ActiveWorkflowsFile, 1 + bytes.AsSpan(0, common).Count((byte)'\n'),
                            "is not as IrlExec writes it from this line on (a member repeated, missing or changed by hand, or damaged); it is rebuilt from the histories.");
                        _active = null;
                    }
                }
            }
            catch (ExecutionDataException e)
            {
                ActiveDamage = e;
            }
        }

        /// <summary>Whether index entries are compared (not for one execution's status: that reads one execution only).</summary>
        public bool CompareIndex { get; init; }

        /// <summary>The index (read when first needed; a repair's appends are added to it as they are made).</summary>
        public FinishedIndexContents Index => _index ??= FinishedIndex.Read(_layout);

        private FinishedIndexContents? _index;

        /// <summary>The Results cells of the rows in the pages of older completed runs (read when first needed).</summary>
        public HashSet<string> RolledResults => _rolled ??= CompletedPages.RolledResults(_layout);

        private HashSet<string>? _rolled;

        /// <summary>The README does not exist: every execution's row is missing.</summary>
        public bool ManifestMissing { get; private set; }

        private void LoadManifest()
        {
            _manifest = null;
            ManifestDamage = null;
            // Missing when this comparison began: the README a repair recreates meanwhile lacks the rows of the executions
            // not yet compared, which are not rows pruned by hand.
            var missing = !File.Exists(_layout.ManifestFile);
            ManifestMissing |= missing;
            if (missing)
            {
                _manifest = ManifestDocument.Parse(ExecutionManifest.Template);
                return;
            }
            try
            {
                _manifest = ExecutionManifest.ReadDocument(_layout.ManifestFile);
            }
            catch (ExecutionDataException e)
            {
                ManifestDamage = e;
            }
        }
    }
}

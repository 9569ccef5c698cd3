namespace IrlExec;

/// <summary>
/// Keeps <c>execution/README.md</c>, the manifest, current: a row in "Active Workflows" while an execution runs or waits
/// (<c>Running</c>, <c>Paused: reason</c>, or <c>⚠️ Error: note</c> when it stopped on an error), moved to "Completed
/// Workflows" with <c>✓ Complete</c> or <c>✗ Failed</c> when it ends. Every other byte of the file stays as the user wrote
/// it. A missing README is created from the seed's manifest. Updates from many executions and processes are serialized
/// with a lock file (<c>execution/.manifest.lock</c>) and written atomically, so no row is lost.
/// </summary>
public static class ExecutionManifest
{
    /// <summary>The status of a running execution's row.</summary>
    public const string Running = "Running";

    /// <summary>The status of a successful execution's row.</summary>
    public const string Complete = "✓ Complete";

    /// <summary>The status of a failed execution's row.</summary>
    public const string Failed = "✗ Failed";

    /// <summary>The status prefix of an execution that stopped on an error and waits to be resumed.</summary>
    public const string Error = "⚠️ Error";

    private const int NoteLength = 80;

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The seed's manifest README, written when a root has none.</summary>
    public static string Template { get; } = LoadTemplate();

    /// <summary>Puts <paramref name="state"/>'s row in the table it belongs to, creating the README if it is missing.</summary>
    /// <exception cref="ExecutionDataException">The README is not UTF-8 text (it is left as it is).</exception>
    public static void Update(ExecutionLayout layout, ExecutionState state)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(state);
        Edit(layout, document => ManifestSnapshotRecorder.Apply(layout, document, state, Place(layout, document, state), declared: null), rebuildAt: null);
    }

    /// <summary>
    /// <see cref="Update"/> as the runs' views do it: a README that is not UTF-8 text is set aside (<c>README.md.damaged-&lt;time&gt;</c>) and
    /// rebuilt from the seed's manifest and the histories first. Returns the set-aside copy's path then, else null.
    /// </summary>
    /// <param name="layout">The root.</param>
    /// <param name="state">The execution whose row is placed (and counted in the State Snapshots when it just finished).</param>
    /// <param name="declared">The values its workflow declared for the State Snapshots after this run, if any.</param>
    /// <param name="prepared">A file made ahead for the new README (see <see cref="PreparedFile"/>); disposed either way.</param>
    /// <param name="replaced">Where the old README is added, under a hidden temporary name, for the caller to delete off its path; null deletes it here.</param>
    internal static string? UpdateOrRebuild(ExecutionLayout layout, ExecutionState state, DeclaredSnapshot? declared = null, PreparedFile? prepared = null, List<string>? replaced = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(state);
        return Edit(layout, document => ManifestSnapshotRecorder.Apply(layout, document, state, Place(layout, document, state), declared), state.LastUpdated, prepared, replaced);
    }

    /// <summary>Sets a README that is not UTF-8 aside and rebuilds it from the seed's manifest and the histories; returns the copy's path.</summary>
    internal static string? RebuildDamaged(ExecutionLayout layout, DateTimeOffset now) => Edit(layout, _ => { }, now);

    /// <summary>
    /// Rebuilds the row of every execution found under <c>execution/state/</c> (from its history, else its JSON
    /// snapshot, else its markdown copy) and returns how many executions it placed. Rows that do not belong to a known
    /// execution (written by hand, or whose files are gone) are left as they are.
    /// </summary>
    /// <exception cref="ExecutionDataException">A state file is damaged (the message names it and the line).</exception>
    public static int Refresh(ExecutionLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        // Read everything first: a damaged state file stops the refresh before the README is touched.
        var states = ExecutionStateFiles.ReadAll(layout)
            .OrderBy(s => StatusTransitions.IsTerminal(s.Status) ? s.LastUpdated : s.StartTime)
            .ThenBy(s => s.ExecutionId, StringComparer.Ordinal)
            .ToList();
        // A row already in the right table is updated where it is; a missing one is appended in time order. A finished
        // execution whose row was rolled into a page of older runs stays there.
        var rolled = CompletedPages.RolledResults(layout);
        Edit(layout, document =>
        {
            PlaceAll(layout, document, states, rolled);
            ManifestSnapshotRecorder.Recount(document, states);
        }, rebuildAt: null);
        return states.Count;
    }

    /// <summary>Reads the rows of both tables (placeholder rows left out).</summary>
    public static ManifestTables Read(string path)
    {
        var document = ManifestDocument.Parse(File.ReadAllText(path));
        return new ManifestTables(Rows(document.Active, "Started", "Log File"), Rows(document.Completed, "Completed", "Results"));
    }

    /// <summary>
    /// Checks the pages older completed rows were rolled into (<c>execution/completed/*.md</c>) and the README's link to the
    /// newest one; returns each problem with its file and line (empty when there is none). Pages are written once and never
    /// rewritten, so a problem found here was made by hand or by the disk.
    /// </summary>
    public static IReadOnlyList<ExecutionDataException> CheckCompletedPages(ExecutionLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ManifestDocument? readme = null;
        if (File.Exists(layout.ManifestFile))
        {
            try
            {
                readme = ReadDocument(layout.ManifestFile);
            }
            catch (ExecutionDataException)
            {
                // Reported as the README's own problem.
            }
        }
        return CompletedPages.Check(layout, readme);
    }

    /// <summary>The pages older completed rows were rolled into, oldest first (<c>execution/completed/&lt;yyyy-MM-dd&gt;-&lt;NNNNN&gt;.md</c>).</summary>
    public static IReadOnlyList<string> CompletedPageFiles(ExecutionLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return CompletedPages.Pages(layout).Select(p => p.Path).ToList();
    }

    /// <summary>
    /// Reads the manifest at <paramref name="path"/> as <c>irlexec validate</c> checks it: UTF-8 text, its tables, and the
    /// data line of its State Snapshots block (a README without the block has nothing to check there).
    /// </summary>
    /// <exception cref="ExecutionDataException">It is not UTF-8 text, or the State Snapshots data line is damaged (the message names the line).</exception>
    public static void Check(string path)
    {
        var document = ReadDocument(path);
        if (document.Snapshot is { Problem: { } problem } block) throw new ExecutionDataException(path, block.ProblemLine, problem + " 'irlexec manifest refresh' recounts them now.");
    }

    /// <summary>The status cell for <paramref name="state"/>.</summary>
    public static string StatusLabel(ExecutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        switch (state.Status)
        {
            case ExecutionStatus.CompletedSuccess: return Complete;
            case ExecutionStatus.CompletedFailure: return Failed;
            case ExecutionStatus.Paused:
                // A requested pause (StepContext.Pause, a wait for a signal or a timer, a cancellation) leaves its step PAUSED
                // (histories written before StepPaused existed recorded it as the step's error "paused: ..."); any other
                // pause is a step that failed or a process that stopped: an error waiting for a resume.
                var step = state.FindStep(state.CurrentStep);
                var requested = step?.Status == StepStatus.Paused || (step?.LastError?.StartsWith("paused: ", StringComparison.Ordinal) ?? false);
                var reason = SecretRedactor.Redact(state.StatusReason ?? "");
                return (requested ? "Paused" : Error) + (reason.Length > 0 ? ": " + Shorten(reason) : "");
            default: return Running;
        }
    }

    // rebuildAt: when set, a README that is not UTF-8 is set aside and rebuilt (the path of the copy is returned); when
    // null, it is refused and left exactly as it is.
    private static string? Edit(ExecutionLayout layout, Action<ManifestDocument> change, DateTimeOffset? rebuildAt, PreparedFile? prepared = null, List<string>? replaced = null)
    {
        try
        {
            return Edit(layout, change, rebuildAt, ref prepared, replaced);
        }
        finally
        {
            prepared?.Dispose(); // not used: no change to write, or a failure before the write
        }
    }

    // prepared: set to null once the write took it.
    private static string? Edit(ExecutionLayout layout, Action<ManifestDocument> change, DateTimeOffset? rebuildAt, ref PreparedFile? prepared, List<string>? replaced)
    {
        string? setAside = null;
        RunTrace.Mark("m>");
        using var _ = CrossProcessLock.Acquire(Path.Combine(layout.ExecutionDirectory, ".manifest.lock"), TimeSpan.FromSeconds(60));
        RunTrace.Mark("m locked");
        var path = layout.ManifestFile;
        var key = Path.GetFullPath(path);
        var exists = File.Exists(path);
        var bytes = exists ? File.ReadAllBytes(path) : [];
        RunTrace.Mark("m read");
        var bom = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        // Taken out while it changes: a failed write must not leave a changed document behind for these bytes.
        var document = exists && Parsed.TryRemove(key, out var last) && last.Bytes.AsSpan().SequenceEqual(bytes) ? last.Document : null;
        if (document is null)
        {
            string text;
            try
            {
                text = exists ? StrictUtf8.GetString(bytes, bom, bytes.Length - bom) : Template;
            }
            catch (System.Text.DecoderFallbackException e) when (rebuildAt is null)
            {
                // Rewriting would replace the undecodable bytes: refuse, and leave the user's file exactly as it is.
                throw new ExecutionDataException(path, 0, "the manifest is not valid UTF-8 text; it was left unchanged. Save it as UTF-8 (or delete it to get the seed's manifest).", e);
            }
            catch (System.Text.DecoderFallbackException) when (rebuildAt is { } now)
            {
                // A run never stops on a view: the user's file is kept, byte for byte, beside the rebuilt one.
                setAside = DamagedCopy.SetAside(path, now);
                exists = false;
                bytes = [];
                bom = 0;
                text = Template;
            }
            document = ManifestDocument.Parse(text);
            if (setAside is not null)
            {
                var states = StatesFromHistories(layout);
                PlaceAll(layout, document, states, CompletedPages.RolledResults(layout));
                ManifestSnapshotRecorder.Recount(document, states);
            }
        }
        RunTrace.Mark("m parsed");
        change(document);
        CompletedPages.RollOver(layout, document);
        RunTrace.Mark("m changed");
        if (exists && !document.Changed)
        {
            Parsed[key] = (bytes, document);
            return null;
        }
        var rendered = document.Render(out var next);
        var output = new byte[bom + System.Text.Encoding.UTF8.GetByteCount(rendered)];
        bytes.AsSpan(0, bom).CopyTo(output);
        System.Text.Encoding.UTF8.GetBytes(rendered, output.AsSpan(bom));
        RunTrace.Mark("m rendered");
        var into = prepared;
        prepared = null;
        AtomicFile.WriteAllBytes(path, output, flushToDisk: true, into, replaced);
        RunTrace.Mark("m replaced");
        if (next is not null) Parsed[key] = (output, next);
        return setAside;
    }

    // Every execution whose history can be read, in the order Refresh places them (damaged histories are left out).
    internal static List<ExecutionState> StatesFromHistories(ExecutionLayout layout)
    {
        var states = new List<ExecutionState>();
        foreach (var id in ExecutionStateFiles.HistoryIds(layout))
        {
            try
            {
                if (FileSystemExecutionStore.ReadHistory(layout.HistoryFile(id)) is not { } history) continue;
                var state = ExecutionStateProjector.Replay(history.Records);
                state.ExecutionId = id;
                if (state.RunLabel.Length > 0) states.Add(state);
            }
            catch (ExecutionDataException)
            {
            }
        }
        return states.OrderBy(s => StatusTransitions.IsTerminal(s.Status) ? s.LastUpdated : s.StartTime).ThenBy(s => s.ExecutionId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether the manifest document shows <paramref name="state"/>'s row as it should be (right table, right status).</summary>
    internal static ManifestRowCondition RowCondition(ExecutionLayout layout, ManifestDocument document, ExecutionState state)
    {
        var (logKey, resultKey) = Keys(layout, state);
        var active = document.Active;
        var completed = document.Completed;
        var activeIndex = active.Find(active.Column("Log File", 3), logKey);
        var completedIndex = completed.Find(completed.Column("Results", 3), resultKey);
        var terminal = StatusTransitions.IsTerminal(state.Status);
        var (table, index, other) = terminal ? (completed, completedIndex, activeIndex) : (active, activeIndex, completedIndex);
        if (index < 0) return other >= 0 ? ManifestRowCondition.WrongTable : ManifestRowCondition.Missing;
        if (table.Find(terminal ? completed.Column("Results", 3) : active.Column("Log File", 3), terminal ? resultKey : logKey, index + 1) >= 0) return ManifestRowCondition.Repeated;
        var status = table.Column("Status", 2);
        var row = table.Rows[index];
        var label = status < row.Cells.Count ? row.Cells[status] : "";
        return label == ManifestCells.Escape(StatusLabel(state)) && other < 0 ? ManifestRowCondition.Current : ManifestRowCondition.WrongStatus;
    }

    /// <summary>Whether the Completed Workflows table of <paramref name="document"/> has <paramref name="state"/>'s row.</summary>
    internal static bool HasCompletedRow(ExecutionLayout layout, ManifestDocument document, ExecutionState state)
    {
        if (state.RunLabel.Length == 0 || !StatusTransitions.IsTerminal(state.Status)) return false;
        var completed = document.Completed;
        return completed.Find(completed.Column("Results", 3), Keys(layout, state).Result) >= 0;
    }

    /// <summary>Parses the manifest at <paramref name="path"/> as strict UTF-8.</summary>
    /// <exception cref="ExecutionDataException">It is not UTF-8 text.</exception>
    internal static ManifestDocument ReadDocument(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var bom = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        try
        {
            return ManifestDocument.Parse(StrictUtf8.GetString(bytes, bom, bytes.Length - bom));
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new ExecutionDataException(path, LineOf(bytes, e.Index), "the manifest is not valid UTF-8 text (every run updates its tables, and a run sets such a file aside and rebuilds it). Save it as UTF-8.", e);
        }
    }

    private static int LineOf(byte[] bytes, int index)
    {
        var line = 1;
        for (var i = 0; i < Math.Min(Math.Max(index, 0), bytes.Length); i++) if (bytes[i] == (byte)'\n') line++;
        return line;
    }

    // The document of the bytes this process last read or wrote for each manifest. The file is rewritten whole at every
    // update; while it still holds exactly those bytes, the next update reuses the document instead of parsing the file
    // with Markdig again (the larger part of an update's cost, and it grows with the Completed table).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (byte[] Bytes, ManifestDocument Document)> Parsed = new(StringComparer.Ordinal);

    /// <summary>Forgets the document kept for the manifest at <paramref name="path"/> (tests compare updates with and without it).</summary>
    internal static void ForgetParsedDocument(string path) => Parsed.TryRemove(Path.GetFullPath(path), out _);

    /// <summary>Whether a document is kept for the manifest at <paramref name="path"/>.</summary>
    internal static bool HasParsedDocument(string path) => Parsed.ContainsKey(Path.GetFullPath(path));

    // Returns whether the execution's Completed Workflows row was added by this call (it had none): it just finished.
    private static bool Place(ExecutionLayout layout, ManifestDocument document, ExecutionState state)
    {
        var terminal = StatusTransitions.IsTerminal(state.Status);
        var (logKey, resultKey) = Keys(layout, state);
        var active = document.Active;
        var completed = document.Completed;
        var activeIndex = active.Find(active.Column("Log File", 3), logKey);
        var completedIndex = completed.Find(completed.Column("Results", 3), resultKey);
        if (!terminal)
        {
            if (completedIndex >= 0) completed.RemoveAt(completedIndex, ManifestDocument.CompletedPlaceholder);
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Workflow"] = state.Workflow,
                ["Started"] = LogLine.FormatTimestamp(state.StartTime),
                ["Status"] = StatusLabel(state),
                ["Log File"] = logKey,
                ["Agent/User"] = Actor(state),
            };
            if (activeIndex >= 0) active.Replace(activeIndex, values);
            else active.Add(values);
            active.RemoveRepeats(active.Column("Log File", 3), logKey, ManifestDocument.ActivePlaceholder);
            return false;
        }
        if (activeIndex >= 0) active.RemoveAt(activeIndex, ManifestDocument.ActivePlaceholder);
        active.RemoveRepeats(active.Column("Log File", 3), logKey, ManifestDocument.ActivePlaceholder, keepFirst: false);
        var done = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Workflow"] = state.Workflow,
            ["Completed"] = LogLine.FormatTimestamp(state.LastUpdated),
            ["Status"] = StatusLabel(state),
            ["Results"] = resultKey,
            ["Agent/User"] = Actor(state),
        };
        if (completedIndex >= 0) completed.Replace(completedIndex, done);
        else completed.Add(done);
        completed.RemoveRepeats(completed.Column("Results", 3), resultKey, ManifestDocument.CompletedPlaceholder);
        return completedIndex < 0;
    }

    // Places many executions' rows, rolling the Completed table over as it fills, so that placing the rows of a large
    // root costs time in proportion to it (a row is found among the rows the README holds, which stay few).
    private static void PlaceAll(ExecutionLayout layout, ManifestDocument document, IEnumerable<ExecutionState> states, HashSet<string> rolled)
    {
        var placed = 0;
        foreach (var state in states)
        {
            if (IsRolled(layout, state, rolled)) continue;
            Place(layout, document, state);
            if (++placed % CompletedPages.PageRows == 0) CompletedPages.RollOver(layout, document);
        }
    }

    /// <summary>Whether <paramref name="state"/> has finished and its row is in a page of older runs (<paramref name="rolled"/>: <see cref="CompletedPages.RolledResults"/>).</summary>
    internal static bool IsRolled(ExecutionLayout layout, ExecutionState state, HashSet<string> rolled) =>
        rolled.Count > 0 && StatusTransitions.IsTerminal(state.Status) && state.RunLabel.Length > 0 && rolled.Contains(Keys(layout, state).Result);

    // The log file identifies a row in Active Workflows, the result file in Completed Workflows: both are unique per run.
    private static (string Log, string Result) Keys(ExecutionLayout layout, ExecutionState state) =>
    (
        ManifestCells.Escape(layout.RelativeToExecution(layout.LogFile(state.RunLabel))),
        ManifestCells.Escape(layout.RelativeToExecution(layout.ResultFile(state.Workflow, state.RunLabel)))
    );

    private static string Actor(ExecutionState state) => state.Actor.Length == 0 ? "-" : SecretRedactor.Redact(state.Actor);

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= NoteLength ? line : line[..(NoteLength - 1)] + "…";
    }

    private static List<ManifestRow> Rows(ManifestTable table, string timeColumn, string fileColumn)
    {
        var (w, t, s, f, a) = (table.Column("Workflow", 0), table.Column(timeColumn, 1), table.Column("Status", 2), table.Column(fileColumn, 3), table.Column("Agent/User", 4));
        string Cell(ManifestTable.Row row, int i) => i < row.Cells.Count ? row.Cells[i] : "";
        return table.Rows.Where(r => r.IsExecutionRow).Select(r => new ManifestRow(Cell(r, w), Cell(r, t), Cell(r, s), Cell(r, f), Cell(r, a))).ToList();
    }

    private static string LoadTemplate()
    {
        using var stream = typeof(ExecutionManifest).Assembly.GetManifestResourceStream("IrlExec.Artifacts.Manifest.ManifestTemplate.md")
            ?? throw new InvalidOperationException("The manifest template resource is missing from the IrlExec assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>How the manifest shows one execution's row, against its history.</summary>
internal enum ManifestRowCondition
{
    /// <summary>In the right table, with the right status.</summary>
    Current,

    /// <summary>No row in either table.</summary>
    Missing,

    /// <summary>In the other table (e.g. still under Active Workflows once finished).</summary>
    WrongTable,

    /// <summary>In the right table with another status (e.g. Running for a paused execution).</summary>
    WrongStatus,

    /// <summary>More than one row for the execution.</summary>
    Repeated,
}

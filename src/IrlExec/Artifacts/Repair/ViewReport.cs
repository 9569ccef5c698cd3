namespace IrlExec;

/// <summary>Which file derived from a history a <see cref="ViewFinding"/> is about.</summary>
public enum ViewKind
{
    /// <summary>The history itself (<c>state/&lt;id&gt;.history.jsonl</c>): the record the views are compared with.</summary>
    History,

    /// <summary>The JSON snapshot, <c>state/&lt;id&gt;.json</c>.</summary>
    Snapshot,

    /// <summary>The execution's own markdown, <c>state/&lt;id&gt;.md</c>.</summary>
    Markdown,

    /// <summary><c>workspace/execution_state.md</c>.</summary>
    WorkspaceMarkdown,

    /// <summary>The run's log, <c>logs/&lt;run label&gt;.log</c>.</summary>
    Log,

    /// <summary>The result, <c>results/&lt;workflow&gt;-results-&lt;date&gt;-&lt;NNN&gt;.json</c>.</summary>
    Result,

    /// <summary><c>active/workflows.json</c>.</summary>
    ActiveList,

    /// <summary>The execution's row in <c>execution/README.md</c>.</summary>
    Manifest,

    /// <summary>A finished execution's entry in <c>execution/index/finished.jsonl</c> (<see cref="FinishedIndex"/>).</summary>
    Index,
}

/// <summary>How a view stands against its execution's history.</summary>
public enum ViewCondition
{
    /// <summary>The view shows less than the history (an older state, missing lines or rows, or no file): it is rebuilt from the history.</summary>
    Lagging,

    /// <summary>The view cannot be read: it is set aside (<c>&lt;name&gt;.damaged-&lt;time&gt;</c>) and rebuilt from the history.</summary>
    Damaged,

    /// <summary>
    /// A view shows more than the history (steps completed, or an end, that the history does not hold): records are
    /// missing from the history. Nothing is rebuilt, and the execution is not resumed, since that would run again what
    /// the views say was done.
    /// </summary>
    HistoryBehind,

    /// <summary>The history cannot be read (or is empty): nothing of the execution is rebuilt.</summary>
    HistoryDamaged,

    /// <summary>Views exist without a history: a resume starts a new history from the execution's markdown.</summary>
    HistoryMissing,

    /// <summary>
    /// A warning: the last line of the history, or of a log that otherwise holds every line its history logs, is torn (no
    /// newline: a process stopped while writing it). A torn history record was never committed: it is ignored on read
    /// and cut off at the next append. A torn log line is cut off by a repair or a resume.
    /// </summary>
    TornTail,
}

/// <summary>One view that does not agree with its history (or a history that cannot be read), and what was done about it.</summary>
public sealed class ViewFinding
{
    internal ViewFinding(string executionId, ViewKind view, string file, ViewCondition condition, string message, int line = 0)
    {
        ExecutionId = executionId;
        View = view;
        File = file;
        Condition = condition;
        Message = message;
        Line = line;
    }

    /// <summary>The 1-based line concerned, or 0 when the finding is about the whole file.</summary>
    public int Line { get; }

    /// <summary>The execution concerned (empty for a file shared by all, when it cannot be read).</summary>
    public string ExecutionId { get; }

    /// <summary>Which view.</summary>
    public ViewKind View { get; }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>How it stands against the history.</summary>
    public ViewCondition Condition { get; }

    /// <summary>What differs, in words.</summary>
    public string Message { get; internal set; }

    /// <summary>True once <see cref="ViewRepair.Repair(CancellationToken)"/> has rebuilt the view.</summary>
    public bool Repaired { get; internal set; }

    /// <summary>Where the damaged file was set aside before it was rebuilt, when it was.</summary>
    public string? SetAsideCopy { get; internal set; }

    /// <summary>True for a finding that is only worth knowing (<see cref="ViewCondition.TornTail"/>): nothing the history holds is missing from the views.</summary>
    public bool IsWarning => Condition == ViewCondition.TornTail;

    /// <summary>True for a finding no repair can fix: a damaged, missing or short history.</summary>
    public bool IsHistoryProblem => Condition is ViewCondition.HistoryBehind or ViewCondition.HistoryDamaged or ViewCondition.HistoryMissing;

    /// <summary><c>file:line: message</c> (<c>file: message</c> for the whole file).</summary>
    public override string ToString() => File + (Line > 0 ? ":" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "") + ": " + Message;
}

/// <summary>What <see cref="ViewRepair"/> found (and, for a repair, did) under a root.</summary>
public sealed class ViewReport
{
    internal ViewReport(IReadOnlyList<ViewFinding> findings, IReadOnlyList<string> running, int executions)
    {
        Findings = findings;
        Running = running;
        ExecutionsChecked = executions;
    }

    /// <summary>Every finding, in the order of the executions' ids.</summary>
    public IReadOnlyList<ViewFinding> Findings { get; }

    /// <summary>Executions a runner holds at the moment: their views are being written, so they were not compared.</summary>
    public IReadOnlyList<string> Running { get; }

    /// <summary>How many executions were looked at.</summary>
    public int ExecutionsChecked { get; }

    /// <summary>True when every view agrees with its history (warnings aside), or was repaired so that it does.</summary>
    public bool Consistent => Findings.All(f => f.IsWarning || f.Repaired);

    /// <summary>The findings that still stand (not warnings, not repaired).</summary>
    public IEnumerable<ViewFinding> Outstanding => Findings.Where(f => !f.IsWarning && !f.Repaired);
}

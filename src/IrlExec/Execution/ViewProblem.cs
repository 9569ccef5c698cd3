namespace IrlExec;

/// <summary>
/// A view (a file derived from the history: snapshot, markdown, log, result, active list, manifest, or a view of your
/// own) that could not be written during a run, or a damaged view that was replaced. The history is complete either way:
/// a view problem never changes how the execution ended. A view that still lags its history when the run returns is
/// rebuilt by <see cref="ViewRepair"/> (<c>irlexec repair</c>, the next <see cref="WorkflowRunner.ForDirectory"/> runner
/// to open the root, or a resume of the execution).
/// </summary>
public sealed class ViewProblem
{
    /// <summary>Creates a problem report.</summary>
    public ViewProblem(string view, string? file, string message, bool repaired)
    {
        View = view ?? throw new ArgumentNullException(nameof(view));
        File = file;
        Message = message ?? throw new ArgumentNullException(nameof(message));
        Repaired = repaired;
    }

    /// <summary>The observer that writes the view, e.g. <c>ResultWriter</c>.</summary>
    public string View { get; }

    /// <summary>The file concerned, when known.</summary>
    public string? File { get; }

    /// <summary>What went wrong (the error's message).</summary>
    public string Message { get; }

    /// <summary>
    /// True when the view agrees with the history again: it was rebuilt from the history before the run returned (or the
    /// problem was a damaged file that was replaced, its damaged copy kept beside it).
    /// </summary>
    public bool Repaired { get; }

    /// <summary>The problem as one line: <c>file: message</c>.</summary>
    public override string ToString() => (File ?? View) + ": " + Message;
}

/// <summary>A standard view that can name the file it writes for an execution (used to name it in a <see cref="ViewProblem"/>).</summary>
internal interface IViewFile
{
    /// <summary>The file this view writes for <paramref name="state"/>, or null when it cannot be named.</summary>
    string? FileFor(ExecutionState state);
}

/// <summary>
/// A view that repairs what it reads (a damaged active list or manifest is set aside and rebuilt): it reports each such
/// repair, which the scheduler adds to the run's <see cref="ViewProblem"/>s.
/// </summary>
internal interface IReportsViewRepairs
{
    /// <summary>The repairs made for <paramref name="executionId"/> since the last call, removed from the list.</summary>
    IReadOnlyList<ViewProblem> TakeRepairs(string executionId);
}

/// <summary>
/// A view that may only be called once every other view shows the records: the removal of a finished execution from the
/// active list, which marks the execution's views as possibly lagging until then. The scheduler skips it for the rest
/// of a run once any view has failed.
/// </summary>
internal interface INeedsEveryOtherView
{
    /// <summary>Whether this instance is such a view.</summary>
    bool NeedsEveryOtherView { get; }
}

/// <summary>
/// A view that marks an execution whose other views may lag its history: the active list's entry (see
/// <see cref="ViewRepair"/>). Before the record that finishes an execution is appended, such a view shows the run's
/// start, even when no pass has shown anything yet (see <see cref="ViewScheduler.ShowStartAsync"/>).
/// </summary>
internal interface IMarksLaggingViews
{
    /// <summary>Whether this instance is such a view.</summary>
    bool MarksLaggingViews { get; }
}

/// <summary>
/// A standard view whose call depends on no other view's (it writes files of its own and reads none that another view
/// writes): in a pass the run waits for, it is called at the same time as the views next to it in the list that are
/// such views too (see <see cref="ViewScheduler"/>).
/// </summary>
internal interface IIndependentView
{
    /// <summary>Whether the call for <paramref name="state"/> may run at the same time as its neighbours'.</summary>
    bool RunsAlongside(ExecutionState state);

    /// <summary>
    /// Whether its call waits for a flush to disk (the manifest's fsync): called at the same time as its neighbours, it
    /// is started first, on the pass's own thread, so that the flush overlaps their rendering instead of following it.
    /// </summary>
    bool WaitsForDisk => false;
}

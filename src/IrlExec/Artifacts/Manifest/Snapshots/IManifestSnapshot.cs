namespace IrlExec;

/// <summary>
/// A workflow that declares values for the "State Snapshots" block of the manifest (<c>execution/README.md</c>): after
/// each of its EXECUTION-mode runs that finishes or pauses, <see cref="Snapshot"/> is called with the run's state and
/// the root, and the values it returns replace the ones of its previous run in the README. Implement it on the
/// <c>[Workflow]</c> class; the generator sets <see cref="WorkflowDefinition.ManifestSnapshot"/> from it.
/// </summary>
/// <example>
/// <code>
/// public partial class IncidentApprovalWorkflow : IManifestSnapshot
/// {
///     static IEnumerable&lt;ManifestSnapshotValue&gt; IManifestSnapshot.Snapshot(ManifestSnapshotContext context)
///     {
///         yield return new("Quarantine Status", "Total incidents", CountPending(context.Root).ToString(CultureInfo.InvariantCulture));
///     }
/// }
/// </code>
/// </example>
public interface IManifestSnapshot
{
    /// <summary>
    /// The values to show for this workflow, computed from the finished (or paused) run's state and the root. Called off
    /// the steps' path, once per run; keep it to what the run and the root already hold (it must not read every history).
    /// An exception is shown in the README in place of the values and does not change the run.
    /// </summary>
    static abstract IEnumerable<ManifestSnapshotValue> Snapshot(ManifestSnapshotContext context);
}

/// <summary>One value of a workflow's State Snapshots: shown as <c>- **Name:** Value</c> under <c>#### Section</c>.</summary>
/// <param name="Section">The heading it goes under, e.g. <c>Quarantine Status</c>.</param>
/// <param name="Name">The value's name, e.g. <c>Total incidents</c>.</param>
/// <param name="Value">The value as text (one line; longer text is shortened, secrets are masked).</param>
public sealed record ManifestSnapshotValue(string Section, string Name, string Value);

/// <summary>What a workflow's <see cref="IManifestSnapshot.Snapshot"/> gets: the run that just finished or paused, and where it ran.</summary>
public sealed class ManifestSnapshotContext
{
    /// <summary>Creates the context of one run.</summary>
    public ManifestSnapshotContext(ExecutionState state, ExecutionLayout layout)
    {
        State = state ?? throw new ArgumentNullException(nameof(state));
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
    }

    /// <summary>The run's state as its history holds it (read-only: do not change or keep it). Secret values are masked.</summary>
    public ExecutionState State { get; }

    /// <summary>The root's folders.</summary>
    public ExecutionLayout Layout { get; }

    /// <summary>The root folder (absolute).</summary>
    public string Root => Layout.Root;

    /// <summary>When the run finished or paused (its last record): the time "24 h" windows end at.</summary>
    public DateTimeOffset Now => State.LastUpdated;
}

/// <summary>Helpers for <see cref="IManifestSnapshot"/>.</summary>
public static class ManifestSnapshots
{
    /// <summary>The <see cref="IManifestSnapshot.Snapshot"/> of <typeparamref name="TWorkflow"/> as a delegate (what the generated <c>Definition</c> holds).</summary>
    public static Func<ManifestSnapshotContext, IEnumerable<ManifestSnapshotValue>> Of<TWorkflow>() where TWorkflow : IManifestSnapshot =>
        TWorkflow.Snapshot;
}

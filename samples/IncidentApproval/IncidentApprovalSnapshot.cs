using System.Globalization;
using IncidentApproval.Drift;
using IrlExec;

namespace IncidentApproval;

/// <summary>
/// The seed's "Quarantine Status" and "Auto-Approval Metrics" snapshots, which <see cref="IncidentApprovalWorkflow"/>
/// declares (<see cref="IManifestSnapshot"/>) for the State Snapshots block of <c>execution/README.md</c>, refreshed after
/// each run that finishes or pauses: what waits in the quarantine now (all integrations), and the share of the incidents
/// decided in the last 24 hours that were approved. Read from the quarantine's folders and decision marks: what this run
/// left behind, not the other executions' histories.
/// </summary>
public static class IncidentApprovalSnapshot
{
    /// <summary>The values after the run in <paramref name="context"/>.</summary>
    public static IEnumerable<ManifestSnapshotValue> Of(ManifestSnapshotContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = IncidentApprovalWorkflow.State.From(context.State).Root ?? context.Root;
        var quarantine = Path.Combine(root, "quarantine");
        var pending = Directory.Exists(quarantine)
            ? Directory.EnumerateDirectories(quarantine).Select(d => (Integration: Path.GetFileName(d), Incidents: Quarantine.Pending(d))).ToList()
            : [];
        var total = pending.Sum(p => p.Incidents.Count);
        // Incident ids start with their quarantine time (2026-01-01T17-28-20-262Z_228986): the smallest is the oldest.
        var oldest = pending.SelectMany(p => p.Incidents.Select(id => (p.Integration, Id: id))).OrderBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault();
        var top = pending.Where(p => p.Incidents.Count > 0).OrderByDescending(p => p.Incidents.Count).ThenBy(p => p.Integration, StringComparer.Ordinal).FirstOrDefault();
        yield return new("Quarantine Status", "Total incidents", Count(total));
        yield return new("Quarantine Status", "Oldest incident", oldest.Id is null ? "none" : $"{oldest.Id} ({oldest.Integration})");
        yield return new("Quarantine Status", "Top integration", top.Integration is null ? "none" : $"{top.Integration} ({Count(top.Incidents.Count)} incidents)");

        var since = context.Now.AddHours(-24);
        var decided = Directory.Exists(quarantine)
            ? Directory.EnumerateDirectories(quarantine).SelectMany(Directory.EnumerateDirectories)
                .Select(Quarantine.ReadDecision)
                .Where(mark => mark is not null && mark.DecidedAt > since && mark.DecidedAt <= context.Now)
                .ToList()
            : [];
        var approved = decided.Count(mark => mark!.Status == Decisions.Approve);
        yield return new("Auto-Approval Metrics", "24h approval rate", decided.Count == 0
            ? "none decided in the last 24 h"
            : $"{Math.Round(100.0 * approved / decided.Count, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)}% ({Count(approved)} of {Count(decided.Count)} decided)");
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}

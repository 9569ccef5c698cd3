namespace IncidentApproval.Drift;

/// <summary>
/// The approval policy: a TYPE_MISMATCH anywhere is flagged for a human; exactly one FIELD_REMOVED and one FIELD_ADDED
/// under the same parent is a simple 1:1 rename and is approved; everything else is rejected.
/// </summary>
public static class DriftRules
{
    /// <summary>Decides what to do with an incident from its drift report.</summary>
    public static IncidentReview Review(string incidentId, DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var drift = report.Drift ?? [];
        if (drift.Count == 0) return new(incidentId, Decisions.Reject, "the drift report lists no changes");
        if (drift.Any(d => d.ChangeType == ChangeTypes.TypeMismatch))
        {
            var paths = string.Join(", ", drift.Where(d => d.ChangeType == ChangeTypes.TypeMismatch).Select(d => d.Path));
            return new(incidentId, Decisions.Flag, $"TYPE_MISMATCH on {paths}");
        }
        var removed = drift.Where(d => d.ChangeType == ChangeTypes.FieldRemoved).ToList();
        var added = drift.Where(d => d.ChangeType == ChangeTypes.FieldAdded).ToList();
        if (removed.Count == 1 && added.Count == 1 && drift.Count == 2 && Parent(removed[0].Path) == Parent(added[0].Path))
        {
            return new(incidentId, Decisions.Approve, $"simple field rename {removed[0].Path} -> {added[0].Path}", removed[0].Path, added[0].Path);
        }
        var summary = string.Join(", ", drift.Select(d => $"{d.ChangeType} {d.Path}"));
        return new(incidentId, Decisions.Reject, $"not a simple rename ({summary})");
    }

    private static string Parent(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[..dot];
    }
}

using System.Text.Json.Serialization;

namespace IncidentApproval.Drift;

/// <summary>The kinds of schema drift an integration reports.</summary>
public static class ChangeTypes
{
    /// <summary>A field the baseline did not have.</summary>
    public const string FieldAdded = "FIELD_ADDED";

    /// <summary>A baseline field that is missing.</summary>
    public const string FieldRemoved = "FIELD_REMOVED";

    /// <summary>A field whose type differs from the baseline.</summary>
    public const string TypeMismatch = "TYPE_MISMATCH";
}

/// <summary>One drift item of <c>drift_report.json</c>.</summary>
public sealed record DriftItem(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("changeType")] string ChangeType);

/// <summary><c>quarantine/&lt;integration&gt;/&lt;incident-id&gt;/drift_report.json</c>.</summary>
public sealed record DriftReport(
    [property: JsonPropertyName("incident_id")] string IncidentId,
    [property: JsonPropertyName("drift")] IReadOnlyList<DriftItem> Drift);

/// <summary>What happens to an incident.</summary>
public static class Decisions
{
    /// <summary>A simple 1:1 field rename: healed and released automatically.</summary>
    public const string Approve = "APPROVED";

    /// <summary>A type mismatch: a human must look at it.</summary>
    public const string Flag = "FLAGGED";

    /// <summary>Anything else: stays in quarantine, marked rejected.</summary>
    public const string Reject = "REJECTED";
}

/// <summary>The preview of one incident: its decision and why (a step output, listed in execution_state.md).</summary>
public sealed record IncidentReview(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("rename_from")] string? RenameFrom = null,
    [property: JsonPropertyName("rename_to")] string? RenameTo = null);

/// <summary>The workflow's summary, the seed's <c>incident-approvals-&lt;date&gt;.json</c> (timestamp: ISO 8601 UTC, whole seconds).</summary>
public sealed record IncidentSummary(
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("approved")] int Approved,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("flagged")] int Flagged);

/// <summary>The mark left in an incident folder once it is decided (<c>decision.json</c>).</summary>
public sealed record DecisionMark(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("decided_at")] DateTimeOffset DecidedAt,
    [property: JsonPropertyName("execution_id")] string ExecutionId);

/// <summary>The payload of the <c>approval</c> signal: a human approves the approvals over the daily cap.</summary>
public sealed record CapApproval(
    [property: JsonPropertyName("approved_by")] string ApprovedBy);

/// <summary>Source-generated JSON metadata for the sample's types (the generator's binding code reads it; no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(DriftReport))]
[JsonSerializable(typeof(List<IncidentReview>))]
[JsonSerializable(typeof(IncidentSummary))]
[JsonSerializable(typeof(DecisionMark))]
[JsonSerializable(typeof(CapApproval))]
public sealed partial class IncidentJson : JsonSerializerContext
{
}

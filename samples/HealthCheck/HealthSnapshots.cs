using System.Text.Json.Serialization;

namespace HealthCheck;

/// <summary><c>execution/state/quarantine-state.json</c>: the manifest's "Quarantine Status" snapshot.</summary>
public sealed record QuarantineState(
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("total_incidents")] int TotalIncidents,
    [property: JsonPropertyName("oldest_incident")] string? OldestIncident,
    [property: JsonPropertyName("top_integration")] string? TopIntegration,
    [property: JsonPropertyName("top_integration_incidents")] int TopIntegrationIncidents);

/// <summary><c>execution/state/approval-metrics.json</c>: the manifest's "Auto-Approval Metrics" snapshot.</summary>
public sealed record ApprovalMetrics(
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("approvals_24h")] int Approvals24h,
    [property: JsonPropertyName("decided_24h")] int Decided24h,
    [property: JsonPropertyName("approval_rate_24h")] double ApprovalRate24h);

/// <summary>Source-generated JSON metadata (no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(QuarantineState))]
[JsonSerializable(typeof(ApprovalMetrics))]
public sealed partial class HealthJson : JsonSerializerContext
{
}

using System.Text.Json.Serialization;
using IrlExec;

namespace IncidentApproval.Service;

/// <summary>What <c>GET /runs/{id}</c> answers: the execution's status, what it waits for, its counts so far, its signals.</summary>
public sealed record RunView(
    [property: JsonPropertyName("execution_id")] string ExecutionId,
    [property: JsonPropertyName("integration")] string? Integration,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("current_step")] int CurrentStep,
    [property: JsonPropertyName("waiting_for_signal")] string? WaitingForSignal,
    [property: JsonPropertyName("wake_at")] DateTimeOffset? WakeAt,
    [property: JsonPropertyName("approved")] int? Approved,
    [property: JsonPropertyName("rejected")] int? Rejected,
    [property: JsonPropertyName("flagged")] int? Flagged,
    [property: JsonPropertyName("signals")] IReadOnlyList<SignalView> Signals)
{
    /// <summary>The view of <paramref name="state"/>, read from its history (public API: <see cref="ExecutionState"/>).</summary>
    public static RunView From(ExecutionState state) => new(
        state.ExecutionId,
        Text(state, "integration"),
        StatusTransitions.ToWireName(state.Status),
        state.StatusReason,
        state.CurrentStep,
        state.WaitingForSignal,
        state.WakeAt,
        Count(state, "approved"),
        Count(state, "rejected"),
        Count(state, "flagged"),
        [.. state.Signals.Select(s => new SignalView(s.Name, s.Sender, s.Timestamp))]);

    private static VariableState? Find(ExecutionState state, string name) => state.Variables.FirstOrDefault(v => v.Name == name);

    private static string? Text(ExecutionState state, string name) =>
        Find(state, name) is { } v && v.Json.StartsWith('"') ? System.Text.Json.JsonSerializer.Deserialize(v.Json, ServiceJson.Default.String) : null;

    private static int? Count(ExecutionState state, string name) =>
        Find(state, name) is { } v && int.TryParse(v.Json, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}

/// <summary>A signal the execution received.</summary>
public sealed record SignalView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sender")] string? Sender,
    [property: JsonPropertyName("received_at")] DateTimeOffset ReceivedAt);

/// <summary>The body of <c>POST /runs/{id}/approval</c>.</summary>
public sealed record ApprovalRequest([property: JsonPropertyName("approved_by")] string? ApprovedBy);

/// <summary>What <c>POST /runs/{id}/approval</c> answers: the signal is kept (<c>recorded</c> in the history, or <c>queued</c> for the run under way).</summary>
public sealed record SignalAnswer(
    [property: JsonPropertyName("execution_id")] string ExecutionId,
    [property: JsonPropertyName("signal")] string Signal,
    [property: JsonPropertyName("delivery")] string Delivery);

/// <summary>An error answer: what is wrong, in words.</summary>
public sealed record ErrorView([property: JsonPropertyName("error")] string Error);

/// <summary>Source-generated JSON metadata for the service's answers (no reflection).</summary>
[JsonSerializable(typeof(RunView))]
[JsonSerializable(typeof(ApprovalRequest))]
[JsonSerializable(typeof(ErrorView))]
[JsonSerializable(typeof(SignalAnswer))]
[JsonSerializable(typeof(string))]
public sealed partial class ServiceJson : JsonSerializerContext
{
}

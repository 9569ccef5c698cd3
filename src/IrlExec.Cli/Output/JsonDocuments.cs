using System.Text.Json.Serialization;
using IrlExec.Cli.Output;

namespace IrlExec.Cli;

// The shapes of --json output (snake_case; see docs/cli.md). Statuses are written as in the files: COMPLETED_SUCCESS, ...

internal sealed record ErrorDocument(ErrorBody Error);

internal sealed record ErrorBody(int ExitCode, string Kind, string Message);

internal sealed record ListDocument(string Root, IReadOnlyList<ExecutionSummary> Executions);

internal sealed record ExecutionSummary(
    string ExecutionId,
    string Workflow,
    string Status,
    string Mode,
    int CurrentStep,
    int StepsCompleted,
    int StepsTotal,
    DateTimeOffset? StartTime,
    DateTimeOffset? LastUpdated,
    bool Active,
    string Actor,
    string RunLabel,
    string? Error);

internal sealed record StatusDocument(
    string ExecutionId,
    string Workflow,
    string Goal,
    string Status,
    string? StatusReason,
    string Mode,
    int CurrentStep,
    DateTimeOffset StartTime,
    DateTimeOffset LastUpdated,
    string RunLabel,
    string Actor,
    bool Active,
    string PlanFingerprint,
    int PlanVersion,
    IReadOnlyList<PlanMigrationSummary> PlanMigrations,
    ExecutionFiles Files,
    IReadOnlyList<VariableSummary> Variables,
    IReadOnlyList<StepSummary> Steps,
    PerformanceMetrics Metrics,
    string? WaitingForSignal,
    DateTimeOffset? WakeAt,
    IReadOnlyList<SignalSummary> Signals);

/// <summary>A signal delivered to the execution (its payload as JSON).</summary>
internal sealed record SignalSummary(string Name, string Value, string? Sender, DateTimeOffset Timestamp);

/// <summary>One <c>plan_migrated</c> record: the definition changed and the execution resumed with the new one.</summary>
internal sealed record PlanMigrationSummary(
    DateTimeOffset Timestamp,
    string FromFingerprint,
    string ToFingerprint,
    int FromVersion,
    int ToVersion,
    bool Explicit,
    IReadOnlyList<string> Changes);

/// <summary><c>irlexec plan --json</c>: a workflow's plan as the generator compiled it.</summary>
internal sealed record PlanDocument(string Name, string Goal, int Version, string Fingerprint, IReadOnlyList<PlanVariableSummary> Variables, IReadOnlyList<PlanStepSummary> Steps);

internal sealed record PlanVariableSummary(string Name, string Type, bool Required, bool Secret);

internal sealed record PlanStepSummary(
    int Order,
    string Name,
    string Component,
    IReadOnlyList<PlanInputSummary> Inputs,
    IReadOnlyList<PlanOutputSummary> Outputs,
    decimal EstimatedCost,
    double EstimatedSeconds,
    string SideEffects,
    int MaxAttempts);

internal sealed record PlanInputSummary(string Name, string Reference, string Type);

internal sealed record PlanOutputSummary(string Name, string Type);

internal sealed record ExecutionFiles(string ExecutionState, string Log, string History, string Snapshot, string? Result);

internal sealed record VariableSummary(string Name, string Value, bool Secret);

internal sealed record StepSummary(
    int Order,
    string Name,
    string Component,
    string Status,
    int Attempts,
    decimal EstimatedCost,
    decimal ActualCost,
    double EstimatedSeconds,
    double ActualSeconds,
    string? LastError);

internal sealed record ValidateDocument(string Root, int FilesChecked, bool Valid, IReadOnlyList<ValidationProblem> Problems, IReadOnlyList<ValidationProblem> Warnings);

internal sealed record RepairDocument(string Root, int ExecutionsChecked, bool Consistent, IReadOnlyList<RepairEntry> Views, IReadOnlyList<string> Running);

/// <summary>One view <c>irlexec repair</c> found out of line with its history, and what it did.</summary>
internal sealed record RepairEntry(string ExecutionId, string View, string File, string Condition, string Message, bool Repaired, string? SetAsideCopy);

internal sealed record ValidationProblem(string File, int Line, string Message);

internal sealed record RunDocument(
    string ExecutionId,
    string Workflow,
    string Status,
    string Mode,
    string? Reason,
    ExecutionFiles? Files,
    PerformanceMetrics Metrics,
    IReadOnlyList<ViewProblemSummary> ViewProblems,
    IReadOnlyList<string> RepairedViews);

/// <summary>A view that could not be written during a run (the history is complete), or a damaged view that was replaced.</summary>
internal sealed record ViewProblemSummary(string View, string? File, string Message, bool Repaired);

internal sealed record LogEntryDocument(string Timestamp, string Level, string Workflow, string Step, string Message, string File, int Line);

internal sealed record ExportDocument(string? File, int Examples);

internal sealed record ExportedDocument(string Folder, IReadOnlyList<string> Executions);

internal sealed record RetentionDocument(string Operation, bool DryRun, string ExportFolder, IReadOnlyList<string> Deleted, IReadOnlyList<string> Held, IReadOnlyList<string> Active);

internal sealed record ManifestDocumentSummary(string Manifest, int Executions);

internal sealed record SignalDocument(string ExecutionId, string Signal, string Delivery);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    Converters = [typeof(UtcTimeJsonConverter)])]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(ListDocument))]
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(PlanDocument))]
[JsonSerializable(typeof(ValidateDocument))]
[JsonSerializable(typeof(RepairDocument))]
[JsonSerializable(typeof(RunDocument))]
[JsonSerializable(typeof(LogEntryDocument))]
[JsonSerializable(typeof(ExportDocument))]
[JsonSerializable(typeof(ExportedDocument))]
[JsonSerializable(typeof(RetentionDocument))]
[JsonSerializable(typeof(ManifestDocumentSummary))]
[JsonSerializable(typeof(SignalDocument))]
internal sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>The same metadata, writing quotes and angle brackets as they are (the output goes to a terminal or a script, not to HTML).</summary>
    public static CliJson Readable { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcTimeJsonConverter() },
    });

    /// <summary>Like <see cref="Readable"/> on one line (JSON Lines output).</summary>
    public static CliJson Compact { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

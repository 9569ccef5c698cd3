using System.Globalization;
using System.Text.Json;
using IrlExec;

namespace HealthCheck;

/// <summary>
/// health-check: the seed's "daily health monitoring script". Counts what is waiting in <c>quarantine/</c> and what was
/// decided in the last 24 hours, then writes the state snapshots the manifest describes to <c>execution/state/</c>:
/// <c>quarantine-state.json</c> and <c>approval-metrics.json</c> (each replaced atomically).
/// </summary>
[Workflow("health-check", Goal = "Snapshot the quarantine and approval health under {{root}}", JsonContext = typeof(HealthJson))]
public partial class HealthCheckWorkflow
{
    /// <summary>The folder that holds <c>quarantine/</c> and <c>execution/</c>.</summary>
    [Variable] public required string Root { get; init; }

    /// <summary>Step 1: the quarantine status (read only, so the simulation sees the real numbers).</summary>
    [Step(1, Name = "quarantine", Component = "health.quarantine", Tool = "Bash", EstimatedSeconds = 1, SideEffects = "none")]
    public partial class InspectQuarantine : IStep, ISimulatedStep
    {
        [Input(Template = "{{root}}/quarantine")] public string Folder { get; set; } = "";
        [Output(Description = "the quarantine status")] public QuarantineState? Quarantine { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Inspect();
            context.Log($"{Quarantine!.TotalIncidents} incidents waiting in quarantine");
            return ValueTask.CompletedTask;
        }

        ValueTask ISimulatedStep.SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Inspect();
            return ValueTask.CompletedTask;
        }

        private void Inspect()
        {
            // An incident is waiting while its folder has no decision.json mark (see the incident-approval sample).
            var pending = !Directory.Exists(Folder)
                ? []
                : Directory.EnumerateDirectories(Folder).SelectMany(integration => Directory.EnumerateDirectories(integration)
                    .Where(incident => !File.Exists(Confined(Folder, incident, "decision.json")))
                    .Select(incident => (Integration: Path.GetFileName(integration), Id: Path.GetFileName(incident)))).ToList();
            var top = pending.GroupBy(p => p.Integration).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
            Quarantine = new QuarantineState(Now(), pending.Count, pending.Select(p => p.Id).Order(StringComparer.Ordinal).FirstOrDefault(), top?.Key, top?.Count() ?? 0);
        }
    }

    /// <summary>Step 2: approvals in the last 24 hours, from the approvals audit logs.</summary>
    [Step(2, Name = "approvals", Component = "health.approvals", Tool = "Bash", EstimatedSeconds = 1, SideEffects = "none")]
    public partial class MeasureApprovals : IStep, ISimulatedStep
    {
        [Input(Template = "{{root}}/quarantine")] public string Folder { get; set; } = "";
        [Output(Description = "approval counts and rate over 24 hours")] public ApprovalMetrics? Metrics { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Measure();
            context.Log($"{Metrics!.Approvals24h} of {Metrics.Decided24h} incidents approved in 24h");
            return ValueTask.CompletedTask;
        }

        ValueTask ISimulatedStep.SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Measure();
            return ValueTask.CompletedTask;
        }

        private void Measure()
        {
            var since = DateTimeOffset.UtcNow.AddHours(-24);
            var decided = !Directory.Exists(Folder)
                ? []
                : Directory.EnumerateFiles(Folder, "decision.json", SearchOption.AllDirectories)
                    .Select(f => JsonDocument.Parse(File.ReadAllBytes(Confined(Folder, f))).RootElement)
                    .Where(d => d.TryGetProperty("decided_at", out var at) && at.GetDateTimeOffset() >= since)
                    .Select(d => d.GetProperty("status").GetString())
                    .ToList();
            var approved = decided.Count(s => s == "APPROVED");
            Metrics = new ApprovalMetrics(Now(), approved, decided.Count, decided.Count == 0 ? 0 : Math.Round((double)approved / decided.Count, 4));
        }
    }

    /// <summary>Step 3: writes the two snapshots to <c>execution/state/</c> (write a temporary file, then rename).</summary>
    [Step(3, Name = "snapshot", Component = "health.snapshot", Tool = "Write", EstimatedSeconds = 1,
          SideEffects = "replaces execution/state/quarantine-state.json and approval-metrics.json")]
    public partial class WriteSnapshots : IStep, ISimulatedStep
    {
        [Input(Template = "{{root}}/execution/state")] public string StateFolder { get; set; } = "";
        [Input] public QuarantineState? Quarantine { get; set; }
        [Input] public ApprovalMetrics? Metrics { get; set; }
        [Output(Description = "the snapshot files written")] public List<string> Snapshots { get; set; } = [];

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Snapshots =
            [
                Write("quarantine-state.json", JsonSerializer.SerializeToUtf8Bytes(Quarantine!, HealthJson.Default.QuarantineState)),
                Write("approval-metrics.json", JsonSerializer.SerializeToUtf8Bytes(Metrics!, HealthJson.Default.ApprovalMetrics)),
            ];
            foreach (var file in Snapshots) context.RecordStateChange("replaced " + file);
            context.Log($"Wrote {Snapshots.Count} state snapshots");
            return ValueTask.CompletedTask;
        }

        // The files it would replace; nothing is written.
        ValueTask ISimulatedStep.SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Snapshots = [Path.Combine(StateFolder, "quarantine-state.json"), Path.Combine(StateFolder, "approval-metrics.json")];
            return ValueTask.CompletedTask;
        }

        private string Write(string name, byte[] content)
        {
            Directory.CreateDirectory(StateFolder);
            var path = Path.Combine(StateFolder, name);
            File.WriteAllBytes(path + ".tmp", content);
            File.Move(path + ".tmp", path, overwrite: true);
            return path;
        }
    }

    // A file found under the quarantine, checked with ConfinedPath: a folder or file there that is a symbolic link out
    // of the quarantine is refused (the step fails without a retry) instead of being read.
    private static string Confined(string folder, string found, string? name = null) =>
        ConfinedPath.Under(folder, Path.GetRelativePath(folder, name is null ? found : Path.Combine(found, name)));

    private static string Now() => DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

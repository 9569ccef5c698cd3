using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentApproval.Drift;
using IrlExec;

namespace IncidentApproval;

/// <summary>
/// incident-approval, the seed's own workflow: list the quarantined schema-drift incidents of an integration, preview
/// each, approve simple 1:1 field renames (healed payload to <c>released/</c>, APPROVED mark, audit log), flag
/// TYPE_MISMATCH for review, reject the rest, and write the summary <c>{timestamp, approved, rejected, flagged}</c>.
/// A daily cap on automatic approvals makes the execution wait for a human's approval (the signal <c>approval</c>), or
/// for the next UTC day, when the cap starts again.
/// </summary>
[Workflow("incident-approval", Goal = "Approve safe schema-drift incidents for {{integration}}", JsonContext = typeof(IncidentJson))]
public partial class IncidentApprovalWorkflow : IManifestSnapshot
{
    /// <summary>The cap when no <c>daily_cap</c> variable is given.</summary>
    public const int DefaultDailyCap = 10;

    /// <summary>The signal a human sends to approve the approvals over the daily cap (payload: <see cref="CapApproval"/>); step 3 declares it as the literal <c>"approval"</c>, which the generator reads from syntax.</summary>
    public const string ApprovalSignal = "approval";

    // The manifest's State Snapshots: quarantine status and 24 h approval rate, after each run (IncidentApprovalSnapshot.cs).
    static IEnumerable<ManifestSnapshotValue> IManifestSnapshot.Snapshot(ManifestSnapshotContext context) => IncidentApprovalSnapshot.Of(context);

    /// <summary>The folder that holds <c>quarantine/</c>, <c>released/</c> and <c>execution/</c>.</summary>
    [Variable] public required string Root { get; init; }

    /// <summary>The integration whose incidents are processed, e.g. <c>finance_integration</c>.</summary>
    [Variable] public required string Integration { get; init; }

    /// <summary>How many incidents may be approved automatically per UTC day (all runs together).</summary>
    [Variable] public int DailyCap { get; init; } = DefaultDailyCap;

    /// <summary>Step 1: the incidents of the integration not decided yet.</summary>
    [Step(1, Name = "list", Component = "quarantine.list", Tool = "Bash", EstimatedCost = 0.00, EstimatedSeconds = 2, SideEffects = "none")]
    public partial class ListIncidents : IStep, ISimulatedStep
    {
        [Input] public string Integration { get; set; } = "";
        [Input(Template = "{{root}}/quarantine")] public string QuarantineFolder { get; set; } = "";
        [Output(Description = "ids of the incidents waiting in quarantine")] public List<string> Incidents { get; set; } = [];

        // The integration is input: ConfinedPath keeps its folder inside the quarantine ("../x" is refused).
        private string Folder => ConfinedPath.Under(QuarantineFolder, Integration);

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Incidents = Quarantine.Pending(Folder);
            context.RecordToolCall("Bash", $"ls {Folder}", string.Join(" ", Incidents));
            context.Log($"Listed {Incidents.Count} quarantined incidents for {Integration}");
            return ValueTask.CompletedTask;
        }

        // Listing reads only: the simulation sees the real quarantine.
        ValueTask ISimulatedStep.SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Incidents = Quarantine.Pending(Folder);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Step 2: reads each drift report and decides approve / flag / reject.</summary>
    [Step(2, Name = "preview", Component = "quarantine.preview", Tool = "Read", EstimatedCost = 0.01, EstimatedSeconds = 3, SideEffects = "none")]
    public partial class PreviewIncidents : IStep, ISimulatedStep
    {
        [Input] public string Integration { get; set; } = "";
        [Input(Template = "{{root}}/quarantine")] public string QuarantineFolder { get; set; } = "";
        [Input] public List<string> Incidents { get; set; } = [];
        [Output(Description = "the decision for each incident, with its reason")] public List<IncidentReview> Reviews { get; set; } = [];

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Reviews = Review(context, log: true);
            return ValueTask.CompletedTask;
        }

        ValueTask ISimulatedStep.SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Reviews = Review(context, log: false);
            return ValueTask.CompletedTask;
        }

        private List<IncidentReview> Review(StepContext context, bool log)
        {
            var reviews = new List<IncidentReview>(Incidents.Count);
            var folder = ConfinedPath.Under(QuarantineFolder, Integration);
            foreach (var id in Incidents)
            {
                if (log) LogAnalyzing(context, id);
                try
                {
                    // An incident folder that is a link out of the quarantine is refused like an unreadable report.
                    reviews.Add(DriftRules.Review(id, Quarantine.ReadDrift(ConfinedPath.Under(folder, id))));
                }
                catch (Exception e) when (e is InvalidDataException or IOException or PathOutsideRootException)
                {
                    // One unreadable report must not stop the batch: that incident is rejected with the reason.
                    if (log) LogUnreadable(context, id, e.Message);
                    reviews.Add(new IncidentReview(id, Decisions.Reject, "unreadable drift report: " + e.Message));
                }
            }
            return reviews;
        }

        // Generated log methods: the line in the execution log, and under a host an ILogger event with IncidentId.
        [StepLog(ExecutionLogLevel.Info, "Analyzing incident {IncidentId}")]
        private static partial void LogAnalyzing(StepContext context, string incidentId);

        [StepLog(ExecutionLogLevel.Warn, "Incident {IncidentId} has an unreadable drift report: {Problem}")]
        private static partial void LogUnreadable(StepContext context, string incidentId, string problem);
    }

    /// <summary>
    /// Step 3: carries the decisions out. Each incident is decided once (its <c>decision.json</c> mark is written last),
    /// so a resumed run continues where it stopped. Reaching the daily cap pauses the step until a human approves the
    /// rest (signal <c>approval</c>) or until the next UTC day, when the cap starts again (a durable timer).
    /// </summary>
    [Step(3, Name = "apply", Component = "quarantine.approve", Tool = "Bash", EstimatedCost = 0.02, EstimatedSeconds = 5,
          SideEffects = "writes healed payloads to released/, marks incidents, appends to the audit log", Signal = "approval")]
    public partial class ApplyDecisions : IStep, ISimulatedStep
    {
        [Input] public string Root { get; set; } = "";
        [Input] public string Integration { get; set; } = "";
        [Input] public List<IncidentReview> Reviews { get; set; } = [];
        [Output(Description = "incidents approved")] public int Approved { get; set; }
        [Output(Description = "incidents rejected")] public int Rejected { get; set; }
        [Output(Description = "incidents flagged for review")] public int Flagged { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var cap = context.Variables.Contains("daily_cap") ? context.Variables.Get("daily_cap", JsonTypes.Int32) : DefaultDailyCap;
            // A human's approval lifts the cap for the rest of this execution.
            var approval = context.TryGetSignal(ApprovalSignal, IncidentJson.Default.CapApproval, out var given) ? given : null;
            var quarantine = ConfinedPath.Under(Root, "quarantine/" + Integration);
            foreach (var review in Reviews)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var folder = ConfinedPath.Under(quarantine, review.Id);
                if (Quarantine.ReadDecision(folder) is not null) continue; // decided before a pause or crash
                var now = context.Now; // the runner's clock: the audit log's day, the marks' times
                if (review.Decision == Decisions.Approve)
                {
                    var auditLog = Quarantine.AuditLog(Root, now);
                    if (approval is null && Quarantine.ApprovalsIn(auditLog) >= cap)
                    {
                        // Wait for a human, or for the next UTC day (a new audit log: the cap starts again). Woken then,
                        // the step runs from its start and finds the approval, or a day with room under the cap.
                        var nextDay = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
                        // The reason names no command line: the sample's program, the irlexec CLI and a hosted service each say how.
                        var reason = $"daily auto-approval cap of {cap} reached: approve with signal '{ApprovalSignal}', or resume with a higher daily_cap; "
                            + $"otherwise it goes on when the cap resets at {nextDay.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}";
                        if (context.WaitForSignal(ApprovalSignal, nextDay, reason))
                        {
                            context.Log(ExecutionLogLevel.Warn, $"Daily auto-approval cap of {cap} reached; incident {review.Id} waits for a human");
                            return ValueTask.CompletedTask;
                        }
                    }
                    Release(context, folder, review);
                    var over = approval is null ? "" : $"; over the daily cap, approved by {approval.ApprovedBy}";
                    Quarantine.AppendAudit(auditLog, now, $"agent-auto-approver approved {review.Id} ({review.Reason}{over})");
                    context.Log($"✓ Approved incident {review.Id} (simple field rename)");
                }
                else if (review.Decision == Decisions.Flag)
                {
                    context.Log(ExecutionLogLevel.Warn, $"⚠️ Flagged incident {review.Id} for review ({review.Reason})");
                }
                else
                {
                    context.Log($"Rejected incident {review.Id} ({review.Reason})");
                }
                Quarantine.WriteDecision(folder, new DecisionMark(review.Decision, review.Reason, now, context.ExecutionId));
                context.RecordStateChange($"marked {folder} {review.Decision}");
            }
            Count(quarantine);
            return ValueTask.CompletedTask;
        }

        // What would happen, with the cap applied, and nothing written.
        ValueTask ISimulatedStep.SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            var cap = context.Variables.Contains("daily_cap") ? context.Variables.Get("daily_cap", JsonTypes.Int32) : DefaultDailyCap;
            var room = Math.Max(0, cap - Quarantine.ApprovalsIn(Quarantine.AuditLog(Root, context.Now)));
            var approvable = Reviews.Count(r => r.Decision == Decisions.Approve);
            Approved = Math.Min(room, approvable);
            Flagged = Reviews.Count(r => r.Decision == Decisions.Flag);
            Rejected = Reviews.Count(r => r.Decision == Decisions.Reject);
            if (approvable > room) context.Log(ExecutionLogLevel.Warn, $"A real run would pause at the daily cap of {cap}: {approvable - room} approval(s) over it");
            return ValueTask.CompletedTask;
        }

        private void Release(StepContext context, string folder, IncidentReview review)
        {
            var payload = JsonNode.Parse(File.ReadAllBytes(Path.Combine(folder, "payload.json")))
                ?? throw new InvalidDataException($"{folder}/payload.json holds null");
            var healed = PayloadHealer.Heal(payload, review.RenameFrom!, review.RenameTo!);
            var target = ConfinedPath.Under(Root, $"released/{Integration}/{review.Id}/payload.json");
            Quarantine.WriteAtomically(target, Indented(healed));
            context.RecordToolCall("Write", target, $"healed {review.RenameTo} -> {review.RenameFrom}");
            context.RecordStateChange("created " + target);
        }

        // The payload as indented JSON, written by the node itself: no reflection-based serializer (Native AOT safe).
        private static byte[] Indented(JsonNode node)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                node.WriteTo(writer);
            }
            return buffer.WrittenSpan.ToArray();
        }

        // The counts come from the marks, so a resumed run reports every incident this execution decided.
        private void Count(string quarantine)
        {
            foreach (var review in Reviews)
            {
                switch (Quarantine.ReadDecision(ConfinedPath.Under(quarantine, review.Id))?.Status)
                {
                    case Decisions.Approve: Approved++; break;
                    case Decisions.Flag: Flagged++; break;
                    case Decisions.Reject: Rejected++; break;
                }
            }
        }
    }

    /// <summary>Step 4: the summary results file the seed shows, <c>execution/results/incident-approvals-&lt;date&gt;.json</c>.</summary>
    [Step(4, Name = "complete", Component = "results.write", Tool = "Write", EstimatedCost = 0.00, EstimatedSeconds = 1,
          SideEffects = "writes execution/results/incident-approvals-<date>.json")]
    public partial class WriteSummary : IStep, ISimulatedStep
    {
        [Input] public string Root { get; set; } = "";
        [Input] public int Approved { get; set; }
        [Input] public int Rejected { get; set; }
        [Input] public int Flagged { get; set; }
        [Output(Description = "{timestamp, approved, rejected, flagged}")] public IncidentSummary? Summary { get; set; }
        [Output(Description = "the summary file")] public string SummaryFile { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Build(context.Now);
            Quarantine.WriteAtomically(SummaryFile, JsonSerializer.SerializeToUtf8Bytes(Summary!, IncidentJson.Default.IncidentSummary));
            context.RecordStateChange("created " + SummaryFile);
            context.Log($"Summary: {Approved} approved, {Flagged} flagged, {Rejected} rejected");
            return ValueTask.CompletedTask;
        }

        ValueTask ISimulatedStep.SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Build(context.Now);
            return ValueTask.CompletedTask;
        }

        private void Build(DateTimeOffset now)
        {
            Summary = new IncidentSummary(now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), Approved, Rejected, Flagged);
            SummaryFile = Path.Combine(Root, "execution", "results",
                $"incident-approvals-{now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}.json");
        }
    }
}

namespace IrlExec.Generators.Tests.Infrastructure;

/// <summary>Representative user code the generator runs on in the snapshot and caching tests.</summary>
internal static class Sources
{
    /// <summary>A JsonSerializerContext stand-in (these compilations do not run the STJ generator; only compilation is checked).</summary>
    public const string IncidentJson = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        namespace Demo.Incidents;

        public sealed class IncidentJson : JsonSerializerContext
        {
            public IncidentJson() : base(null) { }
            public static IncidentJson Default { get; } = new();
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }

        public sealed record Incident(string Id, string Table, bool Safe);
        """;

    /// <summary>An incident-approval workflow: records, lists, a template, a secret, simulation.</summary>
    public const string IncidentApproval = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using IrlExec;

        namespace Demo.Incidents;

        [Workflow("incident-approval", Goal = "Approve safe schema-drift incidents for {{integration}}", JsonContext = typeof(IncidentJson))]
        public partial class IncidentApproval
        {
            [Variable] public required string Integration { get; init; }
            [Variable("api_token"), Secret] public string Token { get; init; } = "";

            [Step(1, Component = "quarantine.list", Tool = "Bash", EstimatedCost = 0.00, EstimatedSeconds = 2, SideEffects = "none")]
            public partial class ListIncidents : IStep
            {
                [Input] public string Integration { get; set; } = "";
                [Input(Template = "workspace/{{integration}}/quarantine")] public string Folder { get; set; } = "";
                [Output(Description = "incidents found in quarantine")] public List<Incident> Incidents { get; set; } = [];

                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                {
                    Incidents = [new Incident("i-1", Folder, true)];
                    LogFound(context, Incidents.Count, Integration);
                    return ValueTask.CompletedTask;
                }

                [StepLog(ExecutionLogLevel.Info, "Found {Count} incidents for {Integration}")]
                static partial void LogFound(StepContext context, int count, string integration);
            }

            [Step(2, Component = "quarantine.approve", EstimatedCost = 0.05, EstimatedSeconds = 1.5, SideEffects = "moves files out of quarantine", MaxAttempts = 3)]
            public sealed class ApproveSafe : IStep, ISimulatedStep
            {
                [Input("incidents")] public List<Incident> Candidates { get; set; } = [];
                [Input("api_token"), Secret] public string Token { get; set; } = "";
                [Output] public int ApprovedCount { get; set; }
                [Output, Secret] public string? Receipt { get; set; }

                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                {
                    ApprovedCount = Candidates.Count;
                    Receipt = "r-" + Token.Length;
                    return ValueTask.CompletedTask;
                }

                ValueTask ISimulatedStep.SimulateAsync(StepContext context, CancellationToken cancellationToken)
                {
                    ApprovedCount = Candidates.Count;
                    return ValueTask.CompletedTask;
                }
            }
        }
        """;

    /// <summary>A workflow in the global namespace using only built-in JSON types (no JsonContext needed).</summary>
    public const string Minimal = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using IrlExec;

        [Workflow("nightly-report")]
        public partial class NightlyReport
        {
            [Variable] public DateTime Day { get; set; }

            [Step(1, Name = "count-rows")]
            public class Count : IStep
            {
                [Input] public DateTime Day { get; set; }
                [Output("row_count")] public long Rows { get; set; } = -1;

                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                {
                    Rows = Day.Day;
                    return ValueTask.CompletedTask;
                }
            }
        }
        """;

    /// <summary>
    /// An internal workflow in a block-scoped namespace: a secret variable, a step without inputs, built-in types of every
    /// kind (Guid, DateTimeOffset, decimal, bool, List&lt;string&gt;), nullable outputs (a nullable reference type and a
    /// nullable value type, the latter from the JsonContext), default step names and an explicit tool mapping.
    /// </summary>
    public const string Operations = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        using System.Threading;
        using System.Threading.Tasks;
        using IrlExec;

        namespace Demo.Operations.Nightly
        {
            internal sealed class OpsJson : JsonSerializerContext
            {
                public OpsJson() : base(null) { }
                public static OpsJson Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            [Workflow("db-rotation", Goal = "Rotate credentials of {{database}}", Version = 3, JsonContext = typeof(OpsJson))]
            internal partial class CredentialRotation
            {
                [Variable] public required string Database { get; init; }
                [Variable, Secret] public string AdminPassword { get; init; } = "";
                [Variable("dry_run")] public bool DryRun { get; init; }

                [Step(1, Tool = "Bash", EstimatedSeconds = 0.5)]
                internal sealed class StartWindow : IStep
                {
                    [Output] public Guid WindowId { get; set; }
                    [Output] public DateTimeOffset OpenedAt { get; set; }

                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                    {
                        WindowId = Guid.NewGuid();
                        OpenedAt = DateTimeOffset.UtcNow;
                        return ValueTask.CompletedTask;
                    }
                }

                [Step(2, Component = "db.rotate", EstimatedCost = 0.25, SideEffects = "changes the database password")]
                internal sealed class Rotate : IStep, ISimulatedStep
                {
                    [Input] public string Database { get; set; } = "";
                    [Input("admin_password"), Secret] public string Password { get; set; } = "";
                    [Input] public Guid WindowId { get; set; }
                    [Input] public bool DryRun { get; set; }
                    [Output] public List<string> Users { get; set; } = [];
                    [Output] public decimal Cost { get; set; }
                    [Output] public string? Warning { get; set; }
                    [Output] public int? RetryAfterSeconds { get; set; }
                    [Output, Secret] public string NewPassword { get; set; } = "";

                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                    {
                        Users = [Database + ":app"];
                        NewPassword = Password + WindowId.ToString("N");
                        Warning = DryRun ? "dry run" : null;
                        return ValueTask.CompletedTask;
                    }

                    public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken)
                    {
                        Users = ["simulated"];
                        return ValueTask.CompletedTask;
                    }
                }
            }
        }
        """;

    /// <summary>Code unrelated to any workflow.</summary>
    /// <summary>Typed signal inputs: a record payload, a nullable built-in payload, and a signal only waited for.</summary>
    public const string SignalInputs = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        using System.Threading;
        using System.Threading.Tasks;
        using IrlExec;

        namespace Demo.Approvals;

        public sealed record Answer(bool Approved, string Reviewer);

        public sealed class ApprovalJson : JsonSerializerContext
        {
            public ApprovalJson() : base(null) { }
            public static ApprovalJson Default { get; } = new();
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }

        [Workflow("purchase-approval", JsonContext = typeof(ApprovalJson))]
        public partial class PurchaseApproval
        {
            [Variable] public required string Item { get; init; }

            [Step(1, Name = "approve", Signal = "escalation")]
            public partial class Approve : IStep
            {
                [Input] public string Item { get; set; } = "";
                [Input(Signal = "approval")] public Answer? Answer { get; set; }
                [Input(Signal = "priority")] public int? Priority { get; set; }
                [Output] public string Outcome { get; set; } = "";

                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                {
                    if (Answer is null) { context.WaitForSignal("approval"); return ValueTask.CompletedTask; }
                    Outcome = Item + " approved by " + Answer.Reviewer;
                    return ValueTask.CompletedTask;
                }
            }
        }
        """;

    public const string Unrelated = """
        namespace Demo.Other;

        public static class Helpers
        {
            public static int Twice(int x) => x * 2;
        }
        """;
}

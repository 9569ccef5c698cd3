namespace IrlExec.Analyzers.Tests.Infrastructure;

/// <summary>Workflow sources shared by the tests.</summary>
internal static class Workflows
{
    /// <summary>
    /// A valid workflow that uses every feature the analyzers look at: variables, a secret, explicit and implicit input
    /// names, templates, outputs read by later steps (with a widening int → long), side effects with simulation, logging.
    /// </summary>
    public const string Valid = """
        namespace Demo;

        [Workflow("incident-approval", Goal = "Approve safe incidents for {{integration}}")]
        public partial class IncidentApproval
        {
            [Variable] public required string Integration { get; init; }
            [Variable("api_token"), Secret] public string Token { get; init; } = "";

            [Step(1, Component = "quarantine.list", Tool = "Bash", SideEffects = "none")]
            public partial class ListIncidents : IStep
            {
                [Input] public string Integration { get; set; } = "";
                [Input(Template = "workspace/{{integration}}/quarantine")] public string Folder { get; set; } = "";
                [Output(Description = "incidents found")] public List<string> Incidents { get; set; } = [];

                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                {
                    Incidents = [Folder];
                    context.Log($"Listed {Incidents.Count} incidents in {Folder}");
                    return ValueTask.CompletedTask;
                }
            }

            [Step(2, Component = "quarantine.approve", SideEffects = "moves files out of quarantine")]
            public partial class ApproveSafe : IStep, ISimulatedStep
            {
                [Input("incidents")] public List<string> Candidates { get; set; } = [];
                [Input("api_token"), Secret] public string Token { get; set; } = "";
                [Output] public int ApprovedCount { get; set; }
                [Output, Secret] public string? Receipt { get; set; }

                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                {
                    ApprovedCount = Candidates.Count;
                    Receipt = "receipt-" + Token;
                    context.Log($"Approved {ApprovedCount} incidents with a token of {Token.Length} characters");
                    return ValueTask.CompletedTask;
                }

                public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken)
                {
                    ApprovedCount = Candidates.Count;
                    return ValueTask.CompletedTask;
                }
            }

            [Step(3, Name = "report")]
            public partial class Summarize : IStep
            {
                [Input("approved_count")] public long Approved { get; set; }
                [Input(Template = "{{integration}}: {{approved_count}} approved")] public string Summary { get; set; } = "";

                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                {
                    context.RecordMessage("assistant", Summary);
                    return ValueTask.CompletedTask;
                }
            }
        }
        """;

    /// <summary>A one-step workflow around <paramref name="members"/> (placed in the workflow class) and <paramref name="stepBody"/>.</summary>
    public static string OneStep(string stepHeader, string stepBody, string members = "") => $$"""
        namespace Demo;

        [Workflow("demo")]
        public partial class Demo
        {
        {{members}}
            {{stepHeader}}
            {
        {{stepBody}}
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """;
}

using IrlExec;

namespace Deploy;

/// <summary>
/// deploy: build a release, wait for a human to approve it, then switch the live version. The approval step pauses the
/// execution until someone resumes it with <c>--var approved_by=&lt;name&gt;</c> (from the irlexec CLI or this program).
/// </summary>
[Workflow("deploy", Goal = "Deploy version {{version}} to {{environment}}")]
public partial class DeployWorkflow
{
    /// <summary>The execution root: the release files go to <c>&lt;root&gt;/deploy/</c>.</summary>
    [Variable] public required string Root { get; init; }

    /// <summary>The version to deploy, e.g. <c>1.4.2</c>.</summary>
    [Variable] public required string Version { get; init; }

    /// <summary>The target environment.</summary>
    [Variable] public required string Environment { get; init; }

    /// <summary>Step 1: writes the release artifact (idempotent: the same version writes the same file).</summary>
    [Step(1, Component = "deploy.build", Tool = "Bash", EstimatedSeconds = 3, SideEffects = "writes deploy/artifacts/app-<version>.txt")]
    public partial class Build : IStep, ISimulatedStep
    {
        [Input(Template = "{{root}}/deploy/artifacts")] public string ArtifactsFolder { get; set; } = "";
        [Input] public string Version { get; set; } = "";
        [Output(Description = "the release artifact")] public string Artifact { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            // The version is input: ConfinedPath keeps the file inside the artifacts folder ("../x" is refused).
            Artifact = ConfinedPath.Under(ArtifactsFolder, $"app-{Version}.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(Artifact)!);
            File.WriteAllText(Artifact, $"app {Version}\n");
            context.RecordStateChange("created " + Artifact);
            context.Log($"Built release {Version}");
            return ValueTask.CompletedTask;
        }

        // The artifact it would write; nothing is written.
        ValueTask ISimulatedStep.SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Artifact = ConfinedPath.Under(ArtifactsFolder, $"app-{Version}.txt");
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Step 2: pauses until a human approves (the <c>approved_by</c> variable is set on resume).</summary>
    [Step(2, Component = "deploy.approve", EstimatedSeconds = 60, SideEffects = "none")]
    public partial class AwaitApproval : IStep, ISimulatedStep
    {
        [Input] public string Version { get; set; } = "";
        [Input] public string Environment { get; set; } = "";
        [Output(Description = "who approved the release")] public string ApprovedBy { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            // approved_by is not a declared variable: it only exists once a human gave it on resume.
            var approver = context.Variables.Contains("approved_by") ? context.Variables.GetString("approved_by") : "";
            if (string.IsNullOrWhiteSpace(approver))
            {
                context.Log(ExecutionLogLevel.Warn, $"Release {Version} to {Environment} waits for approval");
                context.Pause($"waiting for approval of {Version} to {Environment}: resume with --var approved_by=<name>");
                return ValueTask.CompletedTask;
            }
            ApprovedBy = approver;
            context.RecordMessage("user", $"{approver} approved {Version} for {Environment}");
            context.Log($"Approved by {approver}");
            return ValueTask.CompletedTask;
        }

        ValueTask ISimulatedStep.SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            ApprovedBy = "(simulated approver)";
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Step 3: switches the live version (<c>deploy/&lt;environment&gt;.current</c>).</summary>
    [Step(3, Component = "deploy.release", Tool = "Bash", EstimatedSeconds = 5, SideEffects = "switches deploy/<environment>.current to the new version")]
    public partial class Release : IStep, ISimulatedStep
    {
        [Input(Template = "{{root}}/deploy")] public string DeployFolder { get; set; } = "";
        [Input] public string Version { get; set; } = "";
        [Input] public string Environment { get; set; } = "";
        [Input] public string ApprovedBy { get; set; } = "";
        [Output(Description = "the file holding the live version")] public string LiveFile { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            // The environment is input: ConfinedPath keeps the file inside the deploy folder.
            LiveFile = ConfinedPath.Under(DeployFolder, Environment + ".current");
            var temporary = LiveFile + ".tmp";
            File.WriteAllText(temporary, $"{Version} approved by {ApprovedBy}\n");
            File.Move(temporary, LiveFile, overwrite: true);
            context.RecordStateChange($"{LiveFile} -> {Version}");
            context.Log($"Released {Version} to {Environment}");
            return ValueTask.CompletedTask;
        }

        ValueTask ISimulatedStep.SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            LiveFile = ConfinedPath.Under(DeployFolder, Environment + ".current");
            return ValueTask.CompletedTask;
        }
    }
}

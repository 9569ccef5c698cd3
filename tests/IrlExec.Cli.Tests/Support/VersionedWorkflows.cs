namespace IrlExec.Cli.Tests.Support;

/// <summary>
/// Two builds of one hand-written workflow, as a user's code changes between a pause and a resume: version 1 collects
/// rows and waits for approval; the changed definition adds an "archive" step at the end (a compatible change).
/// Written without the generator, so they carry their own fingerprints.
/// </summary>
internal static class VersionedWorkflows
{
    public const string V1Fingerprint = "00000000000000a1";
    public const string WithArchiveFingerprint = "00000000000000b2";

    public static WorkflowDefinition V1 { get; } = Build(V1Fingerprint, version: 1, withArchive: false);

    public static WorkflowDefinition WithArchive { get; } = Build(WithArchiveFingerprint, version: 1, withArchive: true);

    /// <summary>Runs version 1 in <paramref name="root"/> until it pauses at the approval step; returns the id.</summary>
    public static async Task<string> StartPausedAsync(TempRoot root)
    {
        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(V1);
        Assert.True(result.Status == ExecutionStatus.Paused, result.Reason);
        return result.ExecutionId;
    }

    /// <summary>Resumes with the changed definition (approved), which records a plan migration.</summary>
    public static async Task ResumeWithArchiveAsync(TempRoot root, string executionId)
    {
        var variables = new VariableStore();
        variables.Set("approved", "yes");
        var result = await WorkflowRunner.ForDirectory(root.Path).ResumeAsync(WithArchive, executionId, variables);
        Assert.True(result.Status == ExecutionStatus.CompletedSuccess, result.Reason);
    }

    private static WorkflowDefinition Build(string fingerprint, int version, bool withArchive)
    {
        var collect = new StepPlan { Order = 1, Name = "collect", Component = "report.collect", Outputs = [new StepOutputPlan { Name = "rows" }] };
        var approve = new StepPlan { Order = 2, Name = "approve", Component = "report.approve", Inputs = [new StepInputPlan { Name = "rows", Reference = "{{rows}}" }] };
        var archive = new StepPlan { Order = 3, Name = "archive", Component = "report.archive", Inputs = [new StepInputPlan { Name = "rows", Reference = "{{rows}}" }] };
        List<StepPlan> plans = withArchive ? [collect, approve, archive] : [collect, approve];
        var plan = new WorkflowPlan { Name = "versioned-report", Version = version, Fingerprint = fingerprint, Steps = plans };
        var steps = new List<StepDefinition>
        {
            StepDefinition.Create(collect, () => new Collect(), publishOutputs: (_, outputs) => outputs.Set("rows", "1000")),
            StepDefinition.Create(approve, () => new Approve()),
        };
        if (withArchive) steps.Add(StepDefinition.Create(archive, () => new Approve()));
        return new WorkflowDefinition(plan, steps);
    }

    private sealed class Collect : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    // Pauses until a variable "approved" is given on resume.
    private sealed class Approve : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (!context.Variables.Contains("approved")) context.Pause("waiting for approval");
            return ValueTask.CompletedTask;
        }
    }
}

using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>A resume checks, before anything runs or is recorded, that every secret the remaining steps read is given again.</summary>
public class ResumeSecretsTests
{
    private const string ApiKey = "api-key-0123456789";
    private const string Token = "token-9876543210";

    // 1 login (reads api_key, publishes the secret token) → 2 approve (pauses until "approved") → 3 deploy (reads both).
    private static WorkflowDefinition Deploy() => TestWorkflow.Create("deploy-secrets", "",
        [new VariablePlan { Name = "api_key", IsSecret = true, IsRequired = true }],
        new StepSpec("login", (c, o) => { o["token"] = Token; return ValueTask.CompletedTask; }) { Inputs = [("key", "{{api_key}}")], Outputs = ["token"], SecretOutputs = ["token"] },
        StepSpec.Sync("approve", (c, _) => { if (!c.Variables.Contains("approved")) c.Pause("waiting for approval"); }),
        StepSpec.Sync("deploy", (c, _) => c.Log("deployed")) with { Inputs = [("key", "{{api_key}}"), ("auth", "Bearer {{token}}")] });

    private static async Task<(TempRoot Root, WorkflowRunner Runner, string Id)> PausedAsync()
    {
        var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path);
        var variables = new VariableStore();
        variables.Set("api_key", ApiKey, isSecret: true);
        var paused = await runner.RunAsync(Deploy(), variables);
        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        return (root, runner, paused.ExecutionId);
    }

    private static VariableStore Given(params (string Name, string Value, bool Secret)[] values)
    {
        var variables = new VariableStore();
        foreach (var (name, value, secret) in values) variables.Set(name, value, secret);
        return variables;
    }

    [Fact]
    public async Task A_resume_without_the_secrets_is_refused_listing_each_with_the_steps_that_read_it()
    {
        var (root, runner, id) = await PausedAsync();
        using var _ = root;

        var error = await Assert.ThrowsAsync<MissingSecretsException>(() => runner.ResumeAsync(Deploy(), id, Given(("approved", "yes", false))));

        Assert.Equal(["api_key", "token"], error.Names);
        Assert.Contains("'api_key' (step 3), 'token' (step 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_resume_leaves_the_history_and_the_views_as_they_were()
    {
        var (root, runner, id) = await PausedAsync();
        using var _ = root;
        var files = new[] { root.Layout.HistoryFile(id), root.Layout.SnapshotFile(id), root.Layout.MarkdownFile(id) };
        var before = files.Select(File.ReadAllText).ToList();

        await Assert.ThrowsAsync<MissingSecretsException>(() => runner.ResumeAsync(Deploy(), id, Given(("api_key", ApiKey, true))));

        Assert.Equal(before, files.Select(File.ReadAllText).ToList());
        Assert.Equal(ExecutionStatus.Paused, (await runner.GetStateAsync(id))!.Status);
    }

    [Fact]
    public async Task A_resume_with_every_secret_runs_to_the_end()
    {
        var (root, runner, id) = await PausedAsync();
        using var _ = root;

        var done = await runner.ResumeAsync(Deploy(), id, Given(("api_key", ApiKey, true), ("token", Token, true), ("approved", "yes", false)));

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
    }

    [Fact]
    public async Task A_secret_that_a_remaining_step_publishes_again_is_not_asked_for()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path);
        var workflow = TestWorkflow.Create("fails-first", "",
            [new VariablePlan { Name = "api_key", IsSecret = true, IsRequired = true }],
            StepSpec.Sync("pause", (c, _) => { if (!c.IsResumed) c.Pause("not yet"); }),
            new StepSpec("login", (c, o) => { o["token"] = Token; return ValueTask.CompletedTask; }) { Inputs = [("key", "{{api_key}}")], Outputs = ["token"], SecretOutputs = ["token"] },
            StepSpec.Sync("use", (c, _) => { }) with { Inputs = [("auth", "{{token}}")] });
        var variables = new VariableStore();
        variables.Set("api_key", ApiKey, isSecret: true);
        var paused = await runner.RunAsync(workflow, variables);

        var error = await Assert.ThrowsAsync<MissingSecretsException>(() => runner.ResumeAsync(workflow, paused.ExecutionId));

        Assert.Equal(["api_key"], error.Names);
    }

    [Fact]
    public async Task Secrets_read_only_by_completed_steps_are_not_asked_for()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path);
        var workflow = TestWorkflow.Create("key-first", "",
            [new VariablePlan { Name = "api_key", IsSecret = true, IsRequired = true }],
            StepSpec.Sync("login", (c, _) => { }) with { Inputs = [("key", "{{api_key}}")] },
            StepSpec.Sync("approve", (c, _) => { if (!c.IsResumed) c.Pause("waiting"); }));
        var variables = new VariableStore();
        variables.Set("api_key", ApiKey, isSecret: true);
        var paused = await runner.RunAsync(workflow, variables);

        var done = await runner.ResumeAsync(workflow, paused.ExecutionId);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
    }
}

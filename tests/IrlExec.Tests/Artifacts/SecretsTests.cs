using IrlExec.Tests.Support;

namespace IrlExec.Tests.Artifacts;

/// <summary>Secrets never reach a file: every test greps every file under the root, as written by real runs.</summary>
public class SecretsTests
{
    private const string Secret = "hunter2-very-secret-value";
    private const string Token = "tok-4f9a8b7c6d5e-issued";
    private const string ApiKey = "sk-live0123456789abcdefXYZ";
    private const string BearerToken = "eyJhbGciOiJIUzI1NiJ9.payload.signature";

    private static WorkflowDefinition Leaky() => TestWorkflow.Create("leaky",
        "Deploy with {{api_key}}",
        [new VariablePlan { Name = "api_key", IsSecret = true, IsRequired = true }],
        new StepSpec("login", (c, o) =>
        {
            var key = c.Variables.GetString("api_key");
            c.Log("using key " + key + " and " + ApiKey);
            c.RecordToolCall("Bash", $"curl -H 'Authorization: Bearer {BearerToken}' -u {key}", "ok " + key);
            c.RecordMessage("user", "my key is " + key);
            c.RecordMessage("assistant", "I will use " + ApiKey);
            c.RecordStateChange("wrote ~/.netrc with " + key);
            c.Log("issued token " + Token);
            o["token"] = Token;
            o["note"] = "configured " + ApiKey;
            return ValueTask.CompletedTask;
        }) { Inputs = [("key", "{{api_key}}"), ("header", "Bearer {{api_key}}")], Outputs = ["token", "note"], SecretOutputs = ["token"] },
        new StepSpec("use", (c, _) =>
        {
            c.Log("token is " + c.Variables.GetString("token"));
            c.Pause("waiting: key " + c.Variables.GetString("api_key"));
            return ValueTask.CompletedTask;
        }) { Inputs = [("token", "{{token}}")] });

    private static async Task<(TempRoot Root, ExecutionResult Result)> RunLeaky()
    {
        var root = new TempRoot();
        var variables = new VariableStore();
        variables.Set("api_key", Secret, isSecret: true);
        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(Leaky(), variables);
        return (root, result);
    }

    private static List<string> FilesContaining(string root, string text) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => File.ReadAllText(f).Contains(text, StringComparison.Ordinal)).ToList();

    [Theory]
    [InlineData(Secret)]
    [InlineData(Token)]
    [InlineData(ApiKey)]
    [InlineData(BearerToken)]
    public async Task No_file_under_the_root_contains_the_secret(string secret)
    {
        var (root, result) = await RunLeaky();
        using var _ = root;
        TrainingDataExporter.WriteFile([result.State], Path.Combine(root.Path, "execution", "training.jsonl"));
        ExecutionManifest.Refresh(root.Layout);

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Empty(FilesContaining(root.Path, secret));
    }

    [Fact]
    public async Task The_files_show_the_mask_where_the_secret_was()
    {
        var (root, result) = await RunLeaky();
        using var _ = root;

        var markdown = File.ReadAllText(root.Layout.MarkdownFile(result.ExecutionId));
        var log = File.ReadAllText(root.Layout.LogFile(result.State.RunLabel));

        Assert.Contains("- `api_key`: ***", markdown, StringComparison.Ordinal);
        Assert.Contains("- `token`: ***", markdown, StringComparison.Ordinal);
        Assert.Contains("  - key: ***", markdown, StringComparison.Ordinal);
        Assert.Contains("[login] using key *** and ***", log, StringComparison.Ordinal);
        Assert.Contains("[login] issued token ***", log, StringComparison.Ordinal);
        Assert.Contains("# Execution State: Deploy with ***", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_training_example_masks_secrets_in_every_field()
    {
        var (root, result) = await RunLeaky();
        using var _ = root;
        var path = Path.Combine(root.Path, "training.jsonl");

        TrainingDataExporter.WriteFile([result.State], path);
        var example = Assert.Single(TrainingDataExporter.ReadFile(path));

        Assert.Equal("my key is ***", example.ConversationTrace[0].Text);
        Assert.Equal("I will use ***", example.ConversationTrace[1].Text);
        Assert.Equal("ok ***", example.ToolCalls[0].Result);
        Assert.DoesNotContain(Secret, File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Credential_looking_strings_are_masked_by_the_markdown_writer_even_in_a_hand_built_state()
    {
        var state = ExecutionStateMarkdownParser.ReadFile(ArtifactSupport.FixturePath("hand-written-execution_state.md"));
        state.Variables.Add(new VariableState { Name = "leaked", Json = "\"" + ApiKey + "\"" });
        state.Steps[0].SideEffects = "calls the API with Bearer " + BearerToken;

        var markdown = ExecutionStateMarkdownWriter.Render(state);

        Assert.DoesNotContain(ApiKey, markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(BearerToken, markdown, StringComparison.Ordinal);
        Assert.Contains("- `leaked`: \"***\"", markdown, StringComparison.Ordinal);
        Assert.Contains("- **side_effects**: calls the API with Bearer ***", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_line_with_a_key_is_masked_when_written()
    {
        using var root = new TempRoot();
        var state = new ExecutionState { ExecutionId = "exec_1", Workflow = "w", RunLabel = "w-2026-02-08-001" };
        var record = new ExecutionEvent { Kind = ExecutionEventKind.LogWritten, Level = ExecutionLogLevel.Info, Message = "key " + ApiKey, Timestamp = DateTimeOffset.UnixEpoch };

        await new ExecutionLogWriter(root.Layout).OnCommittedAsync(state, [record], default);

        Assert.Equal("[1970-01-01T00:00:00Z] [INFO] [w] [workflow] key ***\n", File.ReadAllText(root.Layout.LogFile("w-2026-02-08-001")));
    }
}

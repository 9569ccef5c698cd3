using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Artifacts;

/// <summary>
/// The secrets matrix: every shape of secret × every way a step can pass it on × every artifact. Each case runs a real
/// execution under a fresh root (resumed when it pauses), then exports its training data, refreshes the manifest,
/// archives its logs, writes a backup, and looks for the secret in every file and archive entry under the root and in
/// what the runner returned, in every spelling (<see cref="SecretScan"/>): it must be nowhere.
/// </summary>
public class SecretsMatrixTests
{
    public static readonly Dictionary<string, string> Shapes = new()
    {
        ["plain"] = "hunter2-plain-Secret",
        ["json-special"] = "p&ss<w>\"rd'+é-42",
        ["unicode"] = "пароль-秘密-🔑-Ωmega",
        ["short"] = "Zq&7", // the shortest secret accepted (SecretRulesTests: shorter ones are refused)
        ["numeric"] = "90817263",
    };

    // How a step passes the secret on. The secret is the secret variable api_key, except where a step's secret output is
    // the only place it comes from.
    private static readonly Dictionary<string, Leak> Leaks = new()
    {
        ["log"] = new((c, s, k) => c.Log("using key " + k)),
        ["log-json"] = new((c, s, k) => c.Log(ExecutionLogLevel.Warn, "request " + JsonSerializer.Serialize(new Dictionary<string, string> { ["key"] = k }))),
        ["tool-name"] = new((c, s, k) => c.RecordToolCall("tool-" + k)),
        ["tool-arguments"] = new((c, s, k) => c.RecordToolCall("curl", "--token " + k)),
        ["tool-arguments-json"] = new((c, s, k) => c.RecordToolCall("curl", JsonSerializer.Serialize(new Dictionary<string, string> { ["token"] = k }))),
        ["tool-result"] = new((c, s, k) => c.RecordToolCall("curl", "", "issued " + k)),
        ["message-role"] = new((c, s, k) => c.RecordMessage(k, "hello")),
        ["message-text"] = new((c, s, k) => c.RecordMessage("user", "my key is " + k)),
        ["state-change"] = new((c, s, k) => c.RecordStateChange("wrote ~/.netrc with " + k)),
        ["pause-reason"] = new((c, s, k) => { if (!c.IsResumed) c.Pause("waiting for " + k); }),
        ["wait-signal-reason"] = new((c, s, k) => { if (!c.IsResumed) c.WaitForSignal("go", "waiting for a go from " + k); }),
        ["pause-until-reason"] = new((c, s, k) => { if (!c.IsResumed) c.PauseUntil(DateTimeOffset.UtcNow.AddDays(1), "sleeping on " + k); }),
        ["pause-for-reason"] = new((c, s, k) => { if (!c.IsResumed) c.PauseFor(TimeSpan.FromDays(1), "resting on " + k); }),
        ["log-error"] = new((c, s, k) => c.Log(ExecutionLogLevel.Error, k + " was refused")),
        ["fail-reason"] = new((c, s, k) => c.Fail("cannot use " + k)),
        ["exception"] = new((c, s, k) => { if (c.Attempt == 1) throw new InvalidOperationException("rejected key " + k); }),
        ["exception-aggregate"] = new((c, s, k) => { if (c.Attempt == 1) throw new AggregateException(new InvalidOperationException("rejected key " + k)); }),
        ["exception-not-retried"] = new((c, s, k) => { if (!c.IsResumed) throw new WorkflowException("no retry for " + k); }),
        ["output-string"] = new((c, s, k) => s.Copy = "copy of " + k),
        ["output-object"] = new((c, s, k) => s.Object = new() { ["note"] = "holds " + k, ["key " + k] = "as a name" }),
        ["output-list"] = new((c, s, k) => s.List = ["first", k, "last " + k]),
        ["output-number"] = new((c, s, k) => s.Number = long.TryParse(k, out var n) ? n : k.Length),
        ["template-input"] = new((c, s, k) => s.Copy = k) { Rendered = true },
        ["goal-and-variable"] = new((c, s, k) => { }) { InLabel = true },
        ["goal-reads-secret"] = new((c, s, k) => { }) { GoalReadsSecret = true },
        ["plain-input-reads-secret"] = new((c, s, k) => { }) { PlainInputReadsSecret = true },
        ["secret-output-read-as-plain-input"] = new((c, s, k) => s.Token = k) { OnlyAsOutput = true, PlainInputReadsSecret = true },
        ["secret-output"] = new((c, s, k) =>
        {
            s.Token = k;
            c.Log("issued token " + k);
            c.RecordToolCall("vault " + k, "{\"token\":" + JsonSerializer.Serialize(k) + "}", k);
            s.Copy = "token " + k;
            s.Object = new() { ["token"] = k };
        }) { OnlyAsOutput = true },
    };

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var shape in Shapes.Keys)
        {
            foreach (var leak in Leaks.Keys) cases.Add(shape, leak);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_secret_reaches_no_artifact_in_any_spelling(string shape, string leak)
    {
        var secret = Shapes[shape];
        var how = Leaks[leak];
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path);

        var result = await runner.RunAsync(Workflow(how, secret), Variables(how, secret));
        var returned = new List<ExecutionResult> { result };
        if (result.Status == ExecutionStatus.Paused)
        {
            returned.Add(result = await runner.ResumeAsync(Workflow(how, secret), result.ExecutionId, Variables(how, secret, resume: true)));
        }
        Assert.True(result.Status is ExecutionStatus.CompletedSuccess or ExecutionStatus.CompletedFailure, $"{result.Status}: {result.Reason}");

        TrainingDataExporter.ExportDirectory(root.Layout, Path.Combine(root.Path, "training.jsonl"));
        ExecutionManifest.Refresh(root.Layout);
        var later = new ManualClock(DateTimeOffset.UtcNow.AddDays(1));
        new ExecutionMaintenance(root.Path, new MaintenanceOptions { LogArchiveAge = TimeSpan.FromHours(1) }, later).ArchiveLogs();
        new ExecutionMaintenance(root.Path, timeProvider: later).Backup(destinationPath: Path.Combine(root.Path, "backup.tar.gz"));

        var found = SecretScan.InFiles(secret, root.Path);
        foreach (var run in returned)
        {
            found.AddRange(SecretScan.InText(secret, "ExecutionResult.Reason", run.Reason));
            found.AddRange(SecretScan.InText(secret, "the returned state, exported", TrainingDataExporter.ToJsonLine(run.State)));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.True(Directory.EnumerateFiles(root.Layout.ExecutionDirectory, "*.gz", SearchOption.AllDirectories).Any(), "no log was archived");
    }

    [Fact]
    public async Task A_copied_secret_is_masked_in_the_value_which_stays_valid_json()
    {
        var secret = Shapes["json-special"];
        using var root = new TempRoot();
        var how = Leaks["output-object"];

        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(Workflow(how, secret), Variables(how, secret));

        var json = Assert.Single(result.State.Variables, v => v.Name == "object").Json;
        var value = JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
        Assert.Equal("holds ***", value["note"]);
        Assert.Equal("as a name", value["key ***"]);
    }

    [Fact]
    public async Task A_number_that_holds_a_secret_becomes_the_masked_string()
    {
        var secret = Shapes["numeric"];
        using var root = new TempRoot();
        var how = Leaks["output-number"];

        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(Workflow(how, secret), Variables(how, secret));

        Assert.Equal("\"***\"", Assert.Single(result.State.Variables, v => v.Name == "number").Json);
    }

    private sealed record Leak(Action<StepContext, LeakStep, string> Act)
    {
        public bool OnlyAsOutput { get; init; }

        public bool Rendered { get; init; }

        public bool InLabel { get; init; }

        // The goal's template reads the secret.
        public bool GoalReadsSecret { get; init; }

        // Step 2 has an input, not marked secret, whose template reads the secret (api_key, or the secret output token).
        public bool PlainInputReadsSecret { get; init; }
    }

    private static VariableStore Variables(Leak how, string secret, bool resume = false)
    {
        var variables = new VariableStore();
        if (!how.OnlyAsOutput) variables.Set("api_key", secret, isSecret: true);
        if (!resume) variables.Set("label", how.InLabel ? "release " + secret : "release");
        return variables;
    }

    // Step 1 passes the secret on; step 2 renders templates over what step 1 published and logs what it reads.
    private static WorkflowDefinition Workflow(Leak how, string secret)
    {
        var leak = new StepPlan
        {
            Order = 1,
            Name = "leak",
            Component = "test.leak",
            MaxAttempts = 2,
            Signals = [new StepSignalPlan { Name = "go" }],
            Inputs = how.OnlyAsOutput ? [] : [new StepInputPlan { Name = "key", Reference = "{{api_key}}" }],
            Outputs =
            [
                new StepOutputPlan { Name = "copy" }, new StepOutputPlan { Name = "object" }, new StepOutputPlan { Name = "list" },
                new StepOutputPlan { Name = "number" }, new StepOutputPlan { Name = "token", IsSecret = true },
            ],
        };
        var render = new StepPlan
        {
            Order = 2,
            Name = "render",
            Component = "test.render",
            Inputs =
            [
                new StepInputPlan { Name = "copied", Reference = "copied: {{copy}}" }, new StepInputPlan { Name = "label", Reference = "{{label}}" },
                .. how.PlainInputReadsSecret ? [new StepInputPlan { Name = "plain", Reference = how.OnlyAsOutput ? "token {{token}}" : "key {{api_key}}" }] : Array.Empty<StepInputPlan>(),
            ],
        };
        var plan = new WorkflowPlan
        {
            Name = "matrix",
            Goal = how.GoalReadsSecret ? "Deploy {{label}} with {{api_key}}" : "Deploy {{label}}",
            Variables = [new VariablePlan { Name = "api_key", IsSecret = true }, new VariablePlan { Name = "label", IsRequired = true }],
            Steps = [leak, render],
        };
        return new WorkflowDefinition(plan,
        [
            StepDefinition.Create(leak, () => new LeakStep(how.OnlyAsOutput ? (c, s) => how.Act(c, s, secret) : (c, s) => how.Act(c, s, c.Variables.GetString("api_key"))),
                publishOutputs: (step, outputs) =>
                {
                    outputs.Set("copy", step.Copy ?? "nothing copied");
                    if (step.Object is not null) outputs.Set("object", step.Object, UserJson<Dictionary<string, string>>());
                    if (step.List is not null) outputs.Set("list", step.List, DefaultJson<List<string>>());
                    if (step.Number is { } number) outputs.Set("number", number, DefaultJson<long>());
                    if (step.Token is not null) outputs.Set("token", step.Token, isSecret: true);
                }),
            StepDefinition.Create(render, () => new LeakStep((c, _) =>
            {
                c.Log("rendered from " + c.Variables.GetString("copy"));
                c.RecordMessage("assistant", "label is " + c.Variables.GetString("label"));
                if (how.PlainInputReadsSecret) c.Log("read " + c.Variables.Render(how.OnlyAsOutput ? "token {{token}}" : "key {{api_key}}"));
            })),
        ]);
    }

    // What a user's JsonSerializerContext may well be set to: readable text, indented.
    private static JsonTypeInfo<T> UserJson<T>() =>
        (JsonTypeInfo<T>)new JsonSerializerOptions(JsonSerializerOptions.Default) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true }.GetTypeInfo(typeof(T));

    private static JsonTypeInfo<T> DefaultJson<T>() => (JsonTypeInfo<T>)JsonSerializerOptions.Default.GetTypeInfo(typeof(T));

    private sealed class LeakStep(Action<StepContext, LeakStep> act) : IStep
    {
        public string? Copy { get; set; }

        public Dictionary<string, string>? Object { get; set; }

        public List<string>? List { get; set; }

        public long? Number { get; set; }

        public string? Token { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            act(context, this);
            return ValueTask.CompletedTask;
        }
    }
}

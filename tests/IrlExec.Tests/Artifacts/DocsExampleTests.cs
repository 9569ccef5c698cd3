using IrlExec.Tests.Support;

namespace IrlExec.Tests.Artifacts;

/// <summary>
/// The examples in docs/artifacts.md are files a real run wrote: this test runs the documented workflow on a fixed clock
/// and checks that the page shows each file exactly.
/// </summary>
public class DocsExampleTests
{
    public const string ExecutionId = "exec_20260208T004525Z_3f2a9c1e5b7d4f60a8e1c2b3d4e5f607";

    /// <summary>A clock that only moves when told, for both wall time and elapsed time.</summary>
    private sealed class FixedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public override long GetTimestamp() => _now.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(double seconds) => _now = _now.AddSeconds(seconds);
    }

    private sealed class ListIncidents(FixedClock clock) : IStep
    {
        public string Integration { get; set; } = "";

        public string Incidents { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.RecordMessage("user", "List the quarantined incidents for " + Integration);
            context.RecordToolCall("Bash", "ls quarantine/" + Integration, "12 files");
            clock.Advance(1.25);
            context.Log($"Listed 12 quarantined incidents for {Integration}");
            context.RecordMessage("assistant", "12 incidents: 8 field renames, 2 type mismatches, 2 dropped columns");
            Incidents = "8 field renames\n2 type mismatches\n2 dropped columns";
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ApproveSafe(FixedClock clock) : IStep
    {
        public string Summary { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            clock.Advance(2.5);
            context.ReportCost(0.04m);
            context.Log("✓ Approved 8 incidents (simple field renames)");
            context.Log(ExecutionLogLevel.Warn, "⚠️ Flagged 2 incidents for review (TYPE_MISMATCH)");
            context.RecordStateChange("moved 8 files from quarantine/finance_integration/ to approved/");
            Summary = "8 approved, 2 flagged, 2 rejected";
            return ValueTask.CompletedTask;
        }
    }

    public static WorkflowDefinition Workflow(TimeProvider time)
    {
        var clock = (FixedClock)time;
        var list = new StepPlan
        {
            Order = 1, Name = "List Incidents", Component = "quarantine.list", ToolMapping = "Bash", EstimatedSeconds = 2,
            Inputs = [new StepInputPlan { Name = "integration", Reference = "{{integration}}" }],
            Outputs = [new StepOutputPlan { Name = "incidents", Description = "the quarantined incidents" }],
        };
        var approve = new StepPlan
        {
            Order = 2, Name = "Approve Safe", Component = "quarantine.approve", ToolMapping = "Bash", EstimatedCost = 0.05m, EstimatedSeconds = 3,
            SideEffects = "moves files out of quarantine",
            Inputs = [new StepInputPlan { Name = "incidents", Reference = "{{incidents}}" }],
            Outputs = [new StepOutputPlan { Name = "summary", Description = "approved, flagged and rejected counts" }],
        };
        var plan = new WorkflowPlan
        {
            Name = "incident-approval", Goal = "Approve safe schema-drift incidents for {{integration}}",
            Variables = [new VariablePlan { Name = "integration", IsRequired = true }], Steps = [list, approve],
        };
        return new WorkflowDefinition(plan,
        [
            StepDefinition.Create(list, () => new ListIncidents(clock), (s, v) => s.Integration = v.GetString("integration"), (s, o) => o.Set("incidents", s.Incidents)),
            StepDefinition.Create(approve, () => new ApproveSafe(clock), publishOutputs: (s, o) => o.Set("summary", s.Summary)),
        ]);
    }

    private static string Docs(string page)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IrlExec.sln"))) directory = directory.Parent;
        Assert.NotNull(directory);
        return File.ReadAllText(Path.Combine(directory.FullName, "docs", page));
    }

    private static async Task<TempRoot> RunDocumentedWorkflow()
    {
        var root = new TempRoot();
        var clock = new FixedClock(new DateTimeOffset(2026, 2, 8, 0, 45, 25, TimeSpan.Zero));
        var variables = new VariableStore();
        variables.Set("integration", "finance_integration");
        await WorkflowRunner.ForDirectory(root.Path, clock).RunAsync(Workflow(clock), variables, new RunOptions { ExecutionId = ExecutionId, Actor = "agent-auto-approver" });
        return root;
    }

    private static void AssertShown(string page, string fileText, string language)
    {
        // A file that holds fenced blocks itself (the plan graph's ```mermaid) is shown inside a longer fence, as Markdown needs.
        var ticks = new string('`', Math.Max(3, LongestBacktickRun(fileText) + 1));
        var fence = ticks + language + "\n" + fileText.TrimEnd('\n') + "\n" + ticks;
        Assert.True(Docs(page).Contains(fence, StringComparison.Ordinal), $"docs/{page} does not show the file as a run wrote it. Expected block:\n{fence}");
    }

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    [Fact]
    public async Task The_execution_state_page_shows_the_markdown_a_run_writes()
    {
        using var root = await RunDocumentedWorkflow();

        AssertShown("execution-state.md", File.ReadAllText(root.Layout.WorkspaceStateFile), "markdown");
    }

    [Fact]
    public async Task The_logs_page_shows_the_log_a_run_writes()
    {
        using var root = await RunDocumentedWorkflow();

        AssertShown("logs.md", File.ReadAllText(root.Layout.LogFile("incident-approval-2026-02-08-001")), "text");
    }

    [Fact]
    public async Task The_training_page_shows_the_jsonl_an_export_writes()
    {
        using var root = await RunDocumentedWorkflow();
        var path = Path.Combine(root.Path, "training.jsonl");
        TrainingDataExporter.ExportDirectory(root.Layout, path);

        AssertShown("training-data.md", File.ReadAllText(path), "json");
    }

    [Fact]
    public async Task The_manifest_page_shows_the_tables_a_run_writes()
    {
        using var root = await RunDocumentedWorkflow();
        var text = File.ReadAllText(root.Layout.ManifestFile);
        var start = text.IndexOf("## Completed Workflows", StringComparison.Ordinal);
        var table = string.Join('\n', text[start..].Split('\n').Skip(2).TakeWhile(l => l.StartsWith('|')));

        AssertShown("manifest.md", table, "markdown");
    }

    [Fact]
    public async Task The_artifacts_page_shows_the_result_file_a_run_writes()
    {
        using var root = await RunDocumentedWorkflow();

        AssertShown("artifacts.md", File.ReadAllText(root.Layout.ResultFile("incident-approval", "incident-approval-2026-02-08-001")), "json");
    }
}

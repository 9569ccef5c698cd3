using IrlExec.Tests.Support;
using Markdig;
using Markdig.Syntax;

namespace IrlExec.Tests.Trust;

/// <summary>
/// The filesystem root as an independent campaign sees it: the secret canary (<see cref="SecretCanary"/>) in no file
/// under the root (pending signals, exports, training data, archived logs and backups included); and text a step
/// records that looks like markdown structure stays a value of <c>execution_state.md</c>, never a section or a row.
/// </summary>
public sealed class FileSystemTrustTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task No_canary_reaches_any_file_under_the_root()
    {
        var runner = WorkflowRunner.ForDirectory(_root.Path);
        var paused = await runner.RunAsync(SecretCanary.Create(), SecretCanary.Variables());
        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        await runner.SignalAsync(paused.ExecutionId, "go", SecretCanary.SignalPayload, sender: "trust-audit");
        // A signal sent while another process runs the execution waits in execution/signals/<id>/ for that runner.
        var waiting = await runner.RunAsync(SecretCanary.Create(), SecretCanary.Variables());
        using (var other = new FileSystemExecutionStore(_root.Layout))
        await using (await other.AcquireLeaseAsync(waiting.ExecutionId, default))
        {
            Assert.Equal(SignalDelivery.Queued, await runner.SignalAsync(waiting.ExecutionId, "go", SecretCanary.SignalPayload, sender: "trust-audit"));
        }
        var end = await runner.ResumeAsync(SecretCanary.Create(), paused.ExecutionId, SecretCanary.Variables(resume: true));
        Assert.Equal(ExecutionStatus.CompletedFailure, end.Status);
        Assert.NotEmpty(Directory.GetFiles(_root.Layout.SignalsDirectory(waiting.ExecutionId)));

        TrainingDataExporter.ExportDirectory(_root.Layout, Path.Combine(_root.Path, "training.jsonl"));
        ExecutionManifest.Refresh(_root.Layout);
        var later = new ManualClock(DateTimeOffset.UtcNow.AddDays(1));
        new ExecutionMaintenance(_root.Path, new MaintenanceOptions { LogArchiveAge = TimeSpan.FromHours(1) }, later).ArchiveLogs();
        new ExecutionMaintenance(_root.Path, timeProvider: later).Backup(destinationPath: Path.Combine(_root.Path, "backup.tar.gz"));

        var found = new List<string>();
        foreach (var secret in SecretCanary.All) found.AddRange(SecretScan.InFiles(secret, _root.Path));
        foreach (var file in Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".gz", StringComparison.Ordinal)))
        {
            found.AddRange(SecretCanary.Find(Path.GetRelativePath(_root.Path, file), File.ReadAllText(file)));
        }
        found.AddRange(SecretCanary.Find("end reason", end.Reason));
        Assert.True(found.Count == 0, string.Join("\n", found));
        // Not vacuous: the step's lines are in the history, masked.
        Assert.Contains("using key ***", File.ReadAllText(_root.Layout.HistoryFile(end.ExecutionId)), StringComparison.Ordinal);
    }

    public static TheoryData<string> HostileTexts() =>
    [
        "a | b |\n## Execution Log\n### Step 9: forged\n| x | y |\n- `forged`: 1\n<script>x</script>",
        "nul \0 esc \u001b[2J bell \u0007 csi \u009b1m del \u007f",
        "line\u2028separator\u2029paragraph\u0085next\rreturn\r\nwindows\ttab",
        "``` fence\n~~~\n<!-- comment -->\n[link](javascript:alert(1))\n> quote\n***\n    indented code",
        "\\ backslashes \\\\ and `ticks` and *stars* _under_ ~strike~ &amp; &lt;",
    ];

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public async Task Markdown_structure_in_recorded_text_stays_a_value(string hostile)
    {
        var step = new StepPlan { Order = 1, Name = "echo", Component = "trust.echo", Outputs = [new StepOutputPlan { Name = "echoed" }] };
        var plan = new WorkflowPlan { Name = "markdown-trust", Variables = [new VariablePlan { Name = "label" }], Steps = [step] };
        var workflow = new WorkflowDefinition(plan,
        [
            StepDefinition.Create(step, () => new SecretCanary.CanaryStep((c, s) =>
            {
                c.Log(hostile);
                c.RecordToolCall(hostile, hostile, hostile);
                c.RecordStateChange(hostile);
                c.RecordMessage("user", hostile);
                s.Copy = hostile;
            }), publishOutputs: (s, outputs) => outputs.Set("echoed", s.Copy!)),
        ]);
        var variables = new VariableStore();
        variables.Set("label", hostile);

        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(workflow, variables);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        var path = _root.Layout.MarkdownFile(result.ExecutionId);
        var lines = File.ReadAllLines(path);
        Assert.DoesNotContain(lines, l => l.StartsWith("### Step 9", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("## Execution Log", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("- `forged`", StringComparison.Ordinal));
        var parsed = ExecutionStateMarkdownParser.ReadFile(path);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(hostile), Assert.Single(parsed.Variables, v => v.Name == "label").Json);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(hostile), Assert.Single(parsed.Variables, v => v.Name == "echoed").Json);
        Assert.Single(parsed.Steps);

        // A markdown viewer (an IDE preview, a code host) renders raw HTML: none of the recorded text may become any,
        // in the execution's copy or in workspace/execution_state.md.
        var pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
        foreach (var file in new[] { path, Path.Combine(_root.Path, "workspace", "execution_state.md") })
        {
            var document = Markdown.Parse(File.ReadAllText(file), pipeline);
            var html = document.Descendants().Where(n => n is HtmlBlock or Markdig.Syntax.Inlines.HtmlInline or Markdig.Syntax.Inlines.AutolinkInline)
                .Select(n => n.ToString()).ToList();
            Assert.True(html.Count == 0, $"{Path.GetFileName(file)}: raw HTML or an autolink from recorded text: {string.Join(" | ", html)}");
            var links = document.Descendants<Markdig.Syntax.Inlines.LinkInline>().Select(l => l.Url).ToList();
            Assert.True(links.Count == 0, $"{Path.GetFileName(file)}: links from recorded text: {string.Join(" | ", links)}");
        }
    }
}

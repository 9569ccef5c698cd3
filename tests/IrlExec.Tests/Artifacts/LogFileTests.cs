using IrlExec.Tests.Support;
using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

public class LogFileTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 0, 47, 25, TimeSpan.Zero);

    [Fact]
    public async Task A_run_logs_to_execution_logs_workflow_date_number_dot_log()
    {
        using var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(Incidents(), Integration());

        var logs = Directory.GetFiles(root.Layout.LogsDirectory).Select(Path.GetFileName).ToList();

        Assert.Equal(["incident-approval-2026-02-08-001.log"], logs);
        Assert.Equal(root.Layout.LogFile(result.State.RunLabel), Path.Combine(root.Layout.LogsDirectory, logs[0]!));
    }

    [Fact]
    public async Task Every_line_is_timestamp_level_workflow_step_message_as_in_the_seed()
    {
        using var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(Incidents(), Integration());

        var lines = File.ReadAllLines(root.Layout.LogFile(result.State.RunLabel));

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(@"^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] \[(DEBUG|INFO|WARN|ERROR)\] \[incident-approval\] \[[^\]]+\] \S", l));
        Assert.Contains("[2026-02-08T00:47:25Z] [INFO] [incident-approval] [list] Listed 12 quarantined incidents for finance_integration", lines);
        Assert.Contains("[2026-02-08T00:47:25Z] [WARN] [incident-approval] [approve] Flagged incident for review (TYPE_MISMATCH)", lines);
    }

    [Fact]
    public async Task Start_step_events_and_completion_are_logged_in_order()
    {
        using var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(Incidents(), Integration());

        var steps = LogLineReader.ReadFile(root.Layout.LogFile(result.State.RunLabel)).Select(l => l.Step).ToList();

        Assert.Equal(["start", "list", "list", "list", "approve", "approve", "approve", "complete"], steps);
    }

    [Fact]
    public async Task A_failing_step_is_logged_as_error_with_its_message()
    {
        using var root = new TempRoot();
        var workflow = TestWorkflow.Create("breaks", StepSpec.Sync("boom", (_, _) => throw new InvalidOperationException("disk full")));
        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow);

        var lines = LogLineReader.ReadFile(root.Layout.LogFile(result.State.RunLabel));

        var error = Assert.Single(lines, l => l.Level == ExecutionLogLevel.Error);
        Assert.Equal("boom", error.Step);
        Assert.Contains("InvalidOperationException: disk full", error.Message, StringComparison.Ordinal);
        Assert.Equal("pause", lines[^1].Step);
        Assert.Equal(ExecutionLogLevel.Warn, lines[^1].Level);
    }

    [Fact]
    public void A_line_formats_and_parses_back_to_the_same_fields()
    {
        var line = new LogLine(Start, ExecutionLogLevel.Debug, "deploy", "build", "Built 3 images: a, b, c");

        var parsed = LogLine.TryParse(line.Format(), out var problem);

        Assert.Null(problem);
        Assert.Equal(line, parsed);
        Assert.Equal("[2026-02-08T00:47:25Z] [DEBUG] [deploy] [build] Built 3 images: a, b, c", line.Format());
    }

    [Fact]
    public void A_line_is_the_bracketed_utc_second_level_workflow_and_step_then_the_message_on_one_line()
    {
        var random = new Random(5);
        string[] pieces = ["a", "Step", "]", "[", "\n", "\r\n", "\r", " ", "é", "😀", "sk-live0123456789abcdef", "\u2028", "-"];
        string Text() => string.Concat(Enumerable.Range(0, random.Next(6)).Select(_ => pieces[random.Next(pieces.Length)]));
        for (var i = 0; i < 500; i++)
        {
            var time = new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay), TimeSpan.Zero)
                .ToOffset(TimeSpan.FromMinutes(random.Next(-840, 841)));
            var line = new LogLine(time, (ExecutionLogLevel)random.Next(4), Text(), Text(), Text());

            static string OneLine(string value) => value.Replace("\r\n", "\\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\\n", StringComparison.Ordinal);
            var expected = "[" + time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "] [" +
                line.Level.ToWireName() + "] [" + OneLine(line.Workflow).Replace(']', ')') + "] [" + OneLine(line.Step).Replace(']', ')') + "] " + OneLine(line.Message);
            Assert.Equal(expected, line.Format());
        }
    }

    [Fact]
    public async Task Lines_written_together_are_masked_one_by_one()
    {
        // Records as a custom store or an older history may hold them: not masked when recorded.
        using var root = new TempRoot();
        var state = new ExecutionState { ExecutionId = "exec_1", Workflow = "w", RunLabel = "w-2026-02-08-001" };
        string[] messages = ["plain line before", "key sk-live0123456789abcdef in the middle", "a line ending with Bearer", "plain line after"];
        var records = messages.Select(m => new ExecutionEvent { Kind = ExecutionEventKind.LogWritten, Level = ExecutionLogLevel.Info, Message = m, Timestamp = Start }).ToList();

        await new ExecutionLogWriter(root.Layout).OnCommittedAsync(state, records, default);

        Assert.Equal(
            "[2026-02-08T00:47:25Z] [INFO] [w] [workflow] plain line before\n" +
            "[2026-02-08T00:47:25Z] [INFO] [w] [workflow] key *** in the middle\n" +
            "[2026-02-08T00:47:25Z] [INFO] [w] [workflow] a line ending with Bearer\n" +
            "[2026-02-08T00:47:25Z] [INFO] [w] [workflow] plain line after\n",
            File.ReadAllText(root.Layout.LogFile("w-2026-02-08-001")));
    }

    [Fact]
    public void The_seed_example_lines_parse()
    {
        const string seed = """
            [2026-02-08T00:47:25Z] [INFO] [incident-approval] [list] Listed 12 quarantined incidents for finance_integration
            [2026-02-08T00:47:26Z] [INFO] [incident-approval] [preview] Analyzing incident 2026-01-01T17-28-20-262Z_228986
            [2026-02-08T00:47:27Z] [INFO] [incident-approval] [approve] ✓ Approved incident (simple field rename)
            [2026-02-08T00:47:28Z] [WARN] [incident-approval] [flag] ⚠️ Flagged incident for review (TYPE_MISMATCH)
            [2026-02-08T00:47:30Z] [INFO] [incident-approval] [complete] Summary: 8 approved, 2 flagged, 2 rejected
            """;

        var lines = LogLineReader.Read(new StringReader(seed), "seed.log");

        Assert.Equal(5, lines.Count);
        Assert.Equal(ExecutionLogLevel.Warn, lines[3].Level);
        Assert.Equal("flag", lines[3].Step);
        Assert.Equal("⚠️ Flagged incident for review (TYPE_MISMATCH)", lines[3].Message);
        Assert.Equal(new DateTimeOffset(2026, 2, 8, 0, 47, 30, TimeSpan.Zero), lines[4].Timestamp);
    }

    [Fact]
    public void A_multi_line_message_stays_on_one_line()
    {
        var line = new LogLine(Start, ExecutionLogLevel.Info, "w", "s", "first\nsecond");

        Assert.Equal("[2026-02-08T00:47:25Z] [INFO] [w] [s] first\\nsecond", line.Format());
    }

    [Theory]
    [InlineData("[2026-02-08T00:47:25Z] [INFO] [w] [s] ok\ngarbage without brackets", 2, "expected '[TIMESTAMP] [LEVEL] [WORKFLOW] [STEP] Message'")]
    [InlineData("[2026-02-08T00:47:25Z] [INFO] [w] [s] ok\n\n[2026-02-30T00:47:25Z] [INFO] [w] [s] bad date", 3, "expected an ISO 8601 UTC timestamp")]
    [InlineData("[2026-02-08T00:47:25Z] [NOTICE] [w] [s] odd level", 1, "expected the level DEBUG, INFO, WARN or ERROR, found 'NOTICE'")]
    public void A_damaged_log_file_names_the_file_the_line_and_what_was_expected(string content, int line, string expected)
    {
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "damaged.log");
        File.WriteAllText(path, content);

        var error = Assert.Throws<ExecutionDataException>(() => LogLineReader.ReadFile(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(line, error.Line);
        Assert.Contains(expected, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:{line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_runs_on_one_day_write_two_numbered_logs()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        await runner.RunAsync(Incidents(), Integration());
        await runner.RunAsync(Incidents(), Integration());

        var logs = Directory.GetFiles(root.Layout.LogsDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["incident-approval-2026-02-08-001.log", "incident-approval-2026-02-08-002.log"], logs);
        Assert.All(logs, l => Assert.NotEmpty(File.ReadAllLines(Path.Combine(root.Layout.LogsDirectory, l!))));
    }

    [Theory]
    [InlineData("list", "list")]
    [InlineData("List Incidents", "list-incidents")]
    [InlineData("ListIncidents", "list-incidents")]
    [InlineData("approve_safe", "approve-safe")]
    [InlineData("ParseHTMLReport", "parse-html-report")]
    [InlineData("step [2]", "step-2")]
    [InlineData("!!!", "step")]
    public void A_step_is_tagged_by_its_name_in_lowercase_dashed_words(string name, string tag)
    {
        Assert.Equal(tag, ExecutionLogWriter.StepTag(name));
    }
}

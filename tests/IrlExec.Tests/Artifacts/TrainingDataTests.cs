using IrlExec.Tests.Support;
using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

public class TrainingDataTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 0, 47, 25, TimeSpan.Zero);

    [Fact]
    public async Task The_markdown_training_section_holds_the_trace_tool_calls_and_transitions_of_the_run()
    {
        using var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(Incidents(), Integration());

        var training = ExecutionStateMarkdownParser.ReadFile(root.Layout.MarkdownFile(result.ExecutionId)).Training;

        Assert.Equal([("user", "List the incidents"), ("assistant", "Found 12 incidents")], training.ConversationTrace.Select(m => (m.Role, m.Text)));
        Assert.Equal(("Bash", "ls quarantine/", "12 files"), (training.ToolCalls[0].Tool, training.ToolCalls[0].Arguments, training.ToolCalls[0].Result));
        Assert.Equal([ExecutionStatus.InProgress, ExecutionStatus.CompletedSuccess], training.StateTransitions.Select(t => t.To));
    }

    [Fact]
    public async Task The_performance_metrics_line_compares_estimated_and_actual_cost_and_time()
    {
        using var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(Incidents(), Integration());

        var line = File.ReadAllLines(root.Layout.MarkdownFile(result.ExecutionId)).Single(l => l.StartsWith("- **performance_metrics**: ", StringComparison.Ordinal));

        Assert.StartsWith("- **performance_metrics**: {\"estimated_cost\":0.01,\"actual_cost\":0.05,\"estimated_seconds\":5,", line, StringComparison.Ordinal);
        Assert.Contains("\"steps_completed\":2,\"steps_total\":2,\"failed_attempts\":0,\"success_rate\":1", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporting_a_root_gives_one_example_per_execution_mode_run_and_skips_simulations()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        var first = await runner.RunAsync(Incidents(), Integration());
        var second = await runner.RunAsync(Incidents(), Integration("billing"));
        await runner.SimulateAsync(Incidents(), Integration());
        var path = Path.Combine(root.Path, "training.jsonl");

        var count = TrainingDataExporter.ExportDirectory(root.Layout, path);

        Assert.Equal(2, count);
        Assert.Equal(2, File.ReadAllLines(path).Length);
        Assert.Equal(new[] { first.ExecutionId, second.ExecutionId }.Order(StringComparer.Ordinal), TrainingDataExporter.ReadFile(path).Select(e => e.ExecutionId));
    }

    [Fact]
    public async Task An_example_has_estimated_and_actual_cost_and_time_per_step_and_overall()
    {
        using var root = new TempRoot();
        var clock = new ManualClock(Start);
        var result = await WorkflowRunner.ForDirectory(root.Path, clock).RunAsync(Incidents(), Integration());

        var example = TrainingDataExporter.ToExample(result.State);

        Assert.Equal("Approve safe incidents for finance_integration", example.Goal);
        Assert.Equal(ExecutionStatus.CompletedSuccess, example.Status);
        Assert.Equal((0.01m, 0.05m, 2.0), (example.Steps[0].EstimatedCost, example.Steps[0].ActualCost, example.Steps[0].EstimatedSeconds));
        Assert.Equal([("integration", "finance_integration")], example.Steps[0].Inputs.Select(i => (i.Name, i.Value)));
        Assert.Equal([("incidents", "a\nb | c")], example.Steps[0].Outputs.Select(i => (i.Name, i.Value)));
        Assert.Equal((0.01m, 0.05m, 5.0), (example.PerformanceMetrics.EstimatedCost, example.PerformanceMetrics.ActualCost, example.PerformanceMetrics.EstimatedSeconds));
        Assert.Equal(2, example.ConversationTrace.Count);
        Assert.Single(example.ToolCalls);
        Assert.Equal(2, example.StateTransitions.Count);
    }

    [Fact]
    public async Task A_retried_step_lists_its_errors_and_its_attempts_add_up()
    {
        var attempts = 0;
        var workflow = TestWorkflow.Create("flaky", StepSpec.Sync("call", (c, _) => { c.ReportCost(0.01m); if (++attempts < 3) throw new TimeoutException("slow"); }) with { MaxAttempts = 3 });
        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow);

        var step = Assert.Single(TrainingDataExporter.ToExample(result.State).Steps);

        Assert.Equal(3, step.Attempts);
        Assert.Equal(0.03m, step.ActualCost);
        Assert.Equal(["TimeoutException: slow", "TimeoutException: slow"], step.Errors);
    }

    [Fact]
    public async Task A_simulation_is_not_a_training_example()
    {
        var result = await new WorkflowRunner(new InMemoryExecutionStore()).SimulateAsync(Incidents(), Integration());

        Assert.False(TrainingDataExporter.IsExportable(result.State));
        Assert.Throws<ArgumentException>(() => TrainingDataExporter.ToExample(result.State));
    }

    [Fact]
    public void A_damaged_export_line_names_the_file_and_line()
    {
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "training.jsonl");
        File.WriteAllText(path, "{\"execution_id\":\"a\"}\n{\"execution_id\": \"b\", trunc");

        var error = Assert.Throws<ExecutionDataException>(() => TrainingDataExporter.ReadFile(path));

        Assert.Equal(2, error.Line);
        Assert.Contains("expected one training example (a JSON object) per line", error.Problem, StringComparison.Ordinal);
    }
}

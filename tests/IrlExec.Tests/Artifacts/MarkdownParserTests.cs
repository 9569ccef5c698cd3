using IrlExec.Tests.Support;
using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

public class MarkdownParserTests
{
    private static ExecutionState HandWritten() => ExecutionStateMarkdownParser.ReadFile(FixturePath("hand-written-execution_state.md"));

    [Fact]
    public void A_hand_written_file_following_the_template_parses_its_metadata()
    {
        var state = HandWritten();

        Assert.Equal("exec_20260208T004500Z_0123456789abcdef0123456789abcdef", state.ExecutionId);
        Assert.Equal("Approve safe schema-drift incidents for finance_integration", state.Goal);
        Assert.Equal(ExecutionStatus.Paused, state.Status);
        Assert.Equal(2, state.CurrentStep);
        Assert.Equal(new DateTimeOffset(2026, 2, 8, 0, 45, 0, TimeSpan.Zero), state.StartTime);
        Assert.Equal(ExecutionMode.Execution, state.Mode);
        Assert.Equal(["integration", "incidents", "file_path"], state.Variables.Select(v => v.Name));
        Assert.Equal("\"workspace/output.txt\"", state.Variables[2].Json);
    }

    [Fact]
    public void A_hand_written_plan_keeps_references_costs_times_and_statuses()
    {
        var step = HandWritten().FindStep(2)!;

        Assert.Equal("Approve Safe", step.Name);
        Assert.Equal(StepStatus.Failed, step.Status);
        Assert.Equal([("incidents", "{{incidents}}"), ("report", "{{file_path}}")], step.Inputs.Select(i => (i.Name, i.Value)));
        Assert.Equal(0.05m, step.EstimatedCost);
        Assert.Equal(3, step.EstimatedSeconds);
        Assert.Equal("moves files out of quarantine", step.SideEffects);
    }

    [Fact]
    public void A_hand_written_execution_log_keeps_inline_values_errors_and_state_changes()
    {
        var log = HandWritten().ExecutionLog;

        Assert.Equal(2, log.Count);
        Assert.Null(log[0].Errors);
        Assert.Equal(1.5, log[0].ActualSeconds);
        Assert.Equal([("integration", "finance_integration")], log[0].RealInputs.Select(i => (i.Name, i.Value)));
        Assert.Equal("permission denied moving 2026-01-01T17-28-20-262Z_228986", log[1].Errors);
        Assert.Equal(0.02m, log[1].ActualCost);
        Assert.Equal(["moved 3 files out of quarantine/"], log[1].StateChanges);
    }

    [Fact]
    public void The_template_placeholders_in_training_data_read_as_empty()
    {
        var training = HandWritten().Training;

        Assert.Empty(training.ConversationTrace);
        Assert.Empty(training.ToolCalls);
        Assert.Empty(training.StateTransitions);
    }

    [Theory]
    [InlineData("FAILED", ExecutionStatus.CompletedFailure)]
    [InlineData("RESUMED", ExecutionStatus.Resumed)]
    [InlineData("COMPLETED_SUCCESS", ExecutionStatus.CompletedSuccess)]
    public void The_seed_status_spellings_are_read(string spelled, ExecutionStatus expected)
    {
        var text = File.ReadAllText(FixturePath("hand-written-execution_state.md")).Replace("- **status**: PAUSED", "- **status**: " + spelled, StringComparison.Ordinal);

        Assert.Equal(expected, ExecutionStateMarkdownParser.Parse(text).Status);
    }

    [Fact]
    public async Task An_execution_resumes_from_a_hand_written_file_alone()
    {
        using var root = new TempRoot();
        var id = HandWritten().ExecutionId;
        Directory.CreateDirectory(root.Layout.WorkspaceDirectory);
        File.Copy(FixturePath("hand-written-execution_state.md"), root.Layout.WorkspaceStateFile);
        var ran = new List<string>();
        var workflow = TestWorkflow.Create("incident-approval",
            StepSpec.Sync("list", (_, _) => ran.Add("list")),
            StepSpec.Sync("approve", (c, o) => { ran.Add("approve " + c.Variables.GetString("incidents")); o["summary"] = "8 approved"; }) with { Outputs = ["summary"] },
            StepSpec.Sync("complete", (c, _) => ran.Add("complete " + c.Variables.GetString("summary"))));

        var result = await WorkflowRunner.ForDirectory(root.Path).ResumeAsync(workflow, id);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(["approve 12 incidents in quarantine/finance_integration", "complete 8 approved"], ran);
        Assert.Equal(ExecutionEventKind.StateRestored, (await WorkflowRunner.ForDirectory(root.Path).Store.ReadAsync(id, default))![0].Kind);
        var written = ExecutionStateMarkdownParser.ReadFile(root.Layout.MarkdownFile(id));
        Assert.Equal(ExecutionStatus.CompletedSuccess, written.Status);
        Assert.Equal(4, written.ExecutionLog.Count);
    }

    [Fact]
    public async Task A_run_resumes_from_its_markdown_copy_when_its_history_and_snapshot_are_gone()
    {
        using var root = new TempRoot();
        var runs = new List<string>();
        var pause = true;
        var workflow = TestWorkflow.Create("two",
            StepSpec.Sync("first", (_, o) => { runs.Add("first"); o["token"] = "t-1"; }) with { Outputs = ["token"] },
            StepSpec.Sync("second", (c, _) => { runs.Add("second " + c.Variables.GetString("token")); if (pause) c.Pause("approval"); }));
        var runner = WorkflowRunner.ForDirectory(root.Path);
        var paused = await runner.RunAsync(workflow);
        File.Delete(root.Layout.HistoryFile(paused.ExecutionId));
        File.Delete(root.Layout.SnapshotFile(paused.ExecutionId));
        pause = false;

        var resumed = await WorkflowRunner.ForDirectory(root.Path).ResumeAsync(workflow, paused.ExecutionId);

        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
        Assert.Equal(["first", "second t-1", "second t-1"], runs);
        Assert.Equal(paused.State.RunLabel, resumed.State.RunLabel);
    }

    [Fact]
    public async Task Without_history_or_markdown_the_execution_is_unknown()
    {
        using var root = new TempRoot();

        await Assert.ThrowsAsync<UnknownExecutionException>(() => WorkflowRunner.ForDirectory(root.Path).ResumeAsync(TestWorkflow.Create("x", StepSpec.Sync("a", (_, _) => { })), "exec_missing"));
    }

    [Fact]
    public async Task A_markdown_state_that_lacks_a_step_of_the_workflow_is_refused_with_the_step_named()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.StateDirectory);
        var id = HandWritten().ExecutionId;
        File.Copy(FixturePath("hand-written-execution_state.md"), root.Layout.MarkdownFile(id));
        var four = TestWorkflow.Create("incident-approval", StepSpec.Sync("a", (_, _) => { }), StepSpec.Sync("b", (_, _) => { }), StepSpec.Sync("c", (_, _) => { }), StepSpec.Sync("d", (_, _) => { }));

        var error = await Assert.ThrowsAsync<WorkflowException>(() => WorkflowRunner.ForDirectory(root.Path).ResumeAsync(four, id));

        Assert.Contains("does not plan step(s) 4", error.Message, StringComparison.Ordinal);
    }
}

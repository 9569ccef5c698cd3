using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>A pause the step asks for (or a cancellation) is not a failure: its own step status, log level and wording.</summary>
public sealed class PauseTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static WorkflowDefinition Approval() => TestWorkflow.Create("approval",
        StepSpec.Sync("prepare", (_, o) => o["draft"] = "v1") with { Outputs = ["draft"] },
        StepSpec.Sync("await-approval", (c, o) =>
        {
            if (!c.Variables.Contains("approved_by")) { c.Pause("waiting for approval"); return; }
            o["decision"] = "approved by " + c.Variables.GetString("approved_by");
        }) with { Outputs = ["decision"] });

    [Fact]
    public async Task A_deliberate_pause_leaves_the_step_paused_and_records_no_failed_attempt()
    {
        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(Approval());

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal("waiting for approval", result.Reason);
        var step = result.State.FindStep(2)!;
        Assert.Equal(StepStatus.Paused, step.Status);
        Assert.Null(step.LastError);
        var attempt = Assert.Single(result.State.ExecutionLog, r => r.Step == 2);
        Assert.Null(attempt.Errors);
        Assert.Equal("waiting for approval", attempt.PauseReason);
    }

    [Fact]
    public async Task A_deliberate_pause_does_not_lower_the_success_rate()
    {
        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(Approval());

        var metrics = result.Metrics;
        Assert.Equal(0, metrics.FailedAttempts);
        Assert.Equal(1, metrics.PausedAttempts);
        Assert.Equal(1.0, metrics.SuccessRate);
    }

    [Fact]
    public async Task A_failure_still_counts_as_a_failed_attempt_next_to_a_pause()
    {
        var workflow = TestWorkflow.Create("mixed",
            StepSpec.Sync("flaky", (c, _) => { if (c.Attempt == 1) throw new IOException("disk busy"); }) with { MaxAttempts = 2 },
            StepSpec.Sync("wait", (c, _) => c.Pause("waiting")));

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow);

        Assert.Equal(1, result.Metrics.FailedAttempts);
        Assert.Equal(1, result.Metrics.PausedAttempts);
        Assert.Equal(0.5, result.Metrics.SuccessRate); // one completed, one failed; the pause is neither
    }

    [Fact]
    public async Task A_deliberate_pause_is_logged_at_info_as_a_pause_not_as_an_error()
    {
        using var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(Approval());

        var log = File.ReadAllLines(root.Layout.LogFile(result.State.RunLabel));
        Assert.DoesNotContain(log, l => l.Contains("[ERROR]", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("failed", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("[INFO] [approval] [await-approval] Step 2 paused (attempt 1): waiting for approval", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("[INFO] [approval] [pause] ", StringComparison.Ordinal) && l.EndsWith("IN_PROGRESS → PAUSED: waiting for approval", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pause_after_a_failure_is_still_a_warning()
    {
        using var root = new TempRoot();
        var workflow = TestWorkflow.Create("broken", StepSpec.Sync("boom", (_, _) => throw new IOException("disk full")));
        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(workflow);

        var log = File.ReadAllLines(root.Layout.LogFile(result.State.RunLabel));
        Assert.Contains(log, l => l.Contains("[ERROR] [broken] [boom] Step 1 failed (attempt 1): IOException: disk full", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("[WARN] [broken] [pause] ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_markdown_shows_the_step_paused_and_reads_back_the_same()
    {
        using var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(Approval());

        var markdown = File.ReadAllText(root.Layout.MarkdownFile(result.ExecutionId));
        var stepBlock = markdown[markdown.IndexOf("### Step 2: await-approval", StringComparison.Ordinal)..];
        Assert.Contains("- **status**: PAUSED", stepBlock[..stepBlock.IndexOf("###", 5, StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Contains("- **paused**: waiting for approval", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("- **errors**: paused", markdown, StringComparison.Ordinal);

        var parsed = ExecutionStateMarkdownParser.Parse(markdown);
        Assert.Equal(StepStatus.Paused, parsed.FindStep(2)!.Status);
        Assert.Equal("waiting for approval", parsed.ExecutionLog.Single(r => r.Step == 2).PauseReason);
    }

    [Fact]
    public async Task The_manifest_shows_a_deliberate_pause_as_paused_not_as_an_error()
    {
        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(Approval());

        Assert.Equal("Paused: waiting for approval", ExecutionManifest.StatusLabel(result.State));
    }

    [Fact]
    public async Task A_resumed_paused_step_runs_again_and_completes()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var paused = await runner.RunAsync(Approval());
        var decision = new VariableStore();
        decision.Set("approved_by", "human:samson");

        var done = await runner.ResumeAsync(Approval(), paused.ExecutionId, decision);

        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal(StepStatus.Completed, done.State.FindStep(2)!.Status);
        Assert.Equal(2, done.State.FindStep(2)!.Attempts);
        Assert.Equal(0, done.Metrics.FailedAttempts);
    }

    [Fact]
    public async Task A_cancelled_step_is_paused_not_failed()
    {
        using var cancel = new CancellationTokenSource();
        var workflow = TestWorkflow.Create("cancel", new StepSpec("slow", async (_, _) =>
        {
            await cancel.CancelAsync();
            cancel.Token.ThrowIfCancellationRequested();
        }));

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, cancellationToken: cancel.Token);

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal(StepStatus.Paused, result.State.FindStep(1)!.Status);
        Assert.Equal(0, result.Metrics.FailedAttempts);
        Assert.Equal("cancelled", result.State.ExecutionLog.Single().PauseReason);
    }
}

using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// <see cref="RunOptions.ResumeIf"/>: a scheduler's decision to resume, checked again on the history as it stands once the
/// runner holds the lease. When it no longer holds, the resume records and runs nothing.
/// </summary>
public sealed class ResumeIfTests
{
    private static int s_approvalRuns;

    private static WorkflowDefinition Approval() => TestWorkflow.Create("resume-if",
        StepSpec.Sync("await-approval", (c, o) =>
        {
            Interlocked.Increment(ref s_approvalRuns);
            if (!c.Variables.Contains("approved_by")) { c.Pause("waiting for approval"); return; }
            o["decision"] = "approved by " + c.Variables.GetString("approved_by");
        }) with { Outputs = ["decision"] });

    private static VariableStore Approved()
    {
        var variables = new VariableStore();
        variables.Set("approved_by", "human:samson");
        return variables;
    }

    [Fact]
    public async Task A_resume_whose_check_fails_records_nothing_and_runs_no_step()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var paused = await runner.RunAsync(Approval());
        var before = (await store.ReadAsync(paused.ExecutionId, default))!.Count;
        var runs = s_approvalRuns;

        var result = await runner.ResumeAsync(Approval(), paused.ExecutionId, Approved(), new RunOptions { ResumeIf = (_, _) => ValueTask.FromResult(false) });

        Assert.True(result.Declined);
        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal("waiting for approval", result.Reason);
        Assert.Equal(before, (await store.ReadAsync(paused.ExecutionId, default))!.Count);
        Assert.Equal(runs, s_approvalRuns);
    }

    [Fact]
    public async Task A_resume_whose_check_holds_runs_as_any_resume()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await runner.RunAsync(Approval());

        var result = await runner.ResumeAsync(Approval(), paused.ExecutionId, Approved(), new RunOptions { ResumeIf = (_, _) => ValueTask.FromResult(true) });

        Assert.False(result.Declined);
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
    }

    [Fact]
    public async Task The_check_sees_the_history_as_it_stands_under_the_lease_not_as_the_caller_read_it()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var paused = await runner.RunAsync(Approval());
        var seenEarlier = await runner.GetStateAsync(paused.ExecutionId);
        await runner.ResumeAsync(Approval(), paused.ExecutionId, Approved()); // another process finished it meanwhile
        ExecutionStatus? checkedStatus = null;

        var result = await runner.ResumeAsync(Approval(), paused.ExecutionId, options: new RunOptions
        {
            ResumeIf = (state, _) =>
            {
                checkedStatus = state.Status;
                return ValueTask.FromResult(state.Status == seenEarlier!.Status);
            },
        });

        Assert.Equal(ExecutionStatus.CompletedSuccess, checkedStatus);
        Assert.True(result.Declined);
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
    }

    [Fact]
    public async Task A_finished_execution_whose_check_fails_is_declined_instead_of_refused()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await runner.RunAsync(Approval());
        await runner.ResumeAsync(Approval(), paused.ExecutionId, Approved());

        var declined = await runner.ResumeAsync(Approval(), paused.ExecutionId, options: new RunOptions { ResumeIf = (s, _) => ValueTask.FromResult(!StatusTransitions.IsTerminal(s.Status)) });
        var refused = await Assert.ThrowsAsync<WorkflowException>(() => runner.ResumeAsync(Approval(), paused.ExecutionId));

        Assert.True(declined.Declined);
        Assert.Contains("COMPLETED_SUCCESS", refused.Message);
    }

    [Fact]
    public async Task A_declined_resume_gives_up_the_lease()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await runner.RunAsync(Approval());

        await runner.ResumeAsync(Approval(), paused.ExecutionId, options: new RunOptions { ResumeIf = (_, _) => ValueTask.FromResult(false) });
        var resumed = await runner.ResumeAsync(Approval(), paused.ExecutionId, Approved());

        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
    }
}

using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>What a host needs to stop executions: a graceful stop between steps, the start notice, and ending one for good.</summary>
public sealed class StopAndCancelTests
{
    [Fact]
    public async Task A_graceful_stop_lets_the_running_step_finish_and_pauses_before_the_next()
    {
        using var stop = new CancellationTokenSource();
        var ran = new List<string>();
        var workflow = TestWorkflow.Create("drain",
            StepSpec.Sync("first", (_, _) => { ran.Add("first"); stop.Cancel(); }),
            StepSpec.Sync("second", (_, _) => ran.Add("second")));

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StopRequested = stop.Token });

        Assert.Equal(["first"], ran);
        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal(StepStatus.Completed, result.State.FindStep(1)!.Status);
        Assert.Equal(StepStatus.Pending, result.State.FindStep(2)!.Status);
        Assert.StartsWith("cancelled: stopped before step 2 (second)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_notice_comes_once_the_execution_is_in_the_store_and_before_the_first_step()
    {
        var store = new InMemoryExecutionStore();
        string? noticed = null;
        var storedAtNotice = false;
        var stepRanBeforeNotice = false;
        var workflow = TestWorkflow.Create("notice", StepSpec.Sync("only", (_, _) => stepRanBeforeNotice = noticed is null));

        var result = await new WorkflowRunner(store).RunAsync(workflow, options: new RunOptions
        {
            OnStarted = id =>
            {
                noticed = id;
                storedAtNotice = store.ReadAsync(id, default).Result is { Count: > 0 };
            },
        });

        Assert.Equal(result.ExecutionId, noticed);
        Assert.True(storedAtNotice);
        Assert.False(stepRanBeforeNotice);
    }

    [Fact]
    public async Task Cancelling_a_paused_execution_ends_it_as_a_failure_with_the_reason()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var paused = await runner.RunAsync(TestWorkflow.Create("stop", StepSpec.Sync("wait", (c, _) => c.Pause("hold"))));

        var cancelled = await runner.CancelAsync(paused.ExecutionId, "cancelled by human:samson");

        Assert.Equal(ExecutionStatus.CompletedFailure, cancelled.Status);
        Assert.Equal("cancelled by human:samson", cancelled.StatusReason);
        var replayed = ExecutionStateProjector.Replay((await store.ReadAsync(paused.ExecutionId, default))!);
        Assert.Equal(ExecutionStatus.CompletedFailure, replayed.Status);
        await Assert.ThrowsAsync<WorkflowException>(() => runner.CancelAsync(paused.ExecutionId, "again"));
    }

    [Fact]
    public async Task A_running_execution_cannot_be_cancelled_through_another_runner()
    {
        var store = new InMemoryExecutionStore();
        var other = new WorkflowRunner(store);
        Exception? refused = null;
        var workflow = TestWorkflow.Create("busy", new StepSpec("try", async (c, _) =>
        {
            try { await other.CancelAsync(c.ExecutionId, "no"); } catch (ExecutionLeaseException e) { refused = e; }
        }));

        var result = await new WorkflowRunner(store).RunAsync(workflow);

        Assert.IsType<ExecutionLeaseException>(refused);
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
    }
}

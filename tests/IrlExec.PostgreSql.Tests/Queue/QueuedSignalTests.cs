namespace IrlExec.PostgreSql.Tests.Queue;

/// <summary>
/// A signal posted to an execution that waits for it queues the execution for the workers, whatever else the queue holds
/// for it at that moment (the row of the start that just paused it, not yet completed by its worker).
/// </summary>
public sealed class QueuedSignalTests : StoreFixture
{
    private const string Name = "pg-queued-signal";

    [SkippableFact]
    public async Task A_signal_posted_before_the_start_that_paused_its_execution_is_completed_stays_queued()
    {
        var store = Open();
        var queue = new PostgreSqlWorkQueue(store);
        var runner = new WorkflowRunner(store);
        var workflow = SignalWorkflow();
        const string id = "exec_queued_signal_001";
        await queue.EnqueueStartAsync(Name, id);
        var start = Assert.Single(await queue.ClaimAsync(1, [Name]));
        var paused = await runner.RunAsync(workflow, null, new RunOptions { ExecutionId = id });
        Assert.Equal(ExecutionStatus.Paused, paused.Status);

        // The worker has not completed the start's claim yet (its run has only just ended) when the signal comes.
        await runner.SignalAsync(id, "approval", "\"yes\"");
        await queue.CompleteAsync(start);

        var woken = Assert.Single(await queue.ClaimAsync(1, [Name]));
        Assert.Equal(id, woken.ExecutionId);
        Assert.False(woken.IsStart);
    }

    [SkippableFact]
    public async Task A_signal_posted_while_a_start_is_not_begun_leaves_the_start_queued()
    {
        var store = Open();
        var queue = new PostgreSqlWorkQueue(store);
        const string id = "exec_queued_signal_002";
        await queue.EnqueueStartAsync(Name, id);

        await Assert.ThrowsAsync<UnknownExecutionException>(() => new WorkflowRunner(store).SignalAsync(id, "approval", "\"yes\""));

        var claimed = Assert.Single(await queue.ClaimAsync(1, [Name]));
        Assert.True(claimed.IsStart);
    }

    private static WorkflowDefinition SignalWorkflow()
    {
        var plan = new StepPlan { Order = 1, Name = "approve", Signals = [new StepSignalPlan { Name = "approval" }] };
        return new WorkflowDefinition(new WorkflowPlan { Name = Name, Steps = [plan] }, [StepDefinition.Create(plan, () => new WaitForApproval())]);
    }

    private sealed class WaitForApproval : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.WaitForSignal("approval");
            return ValueTask.CompletedTask;
        }
    }
}

using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// A run whose CancellationToken is cancelled (Ctrl-C in a program of one's own, through StopSignals) always ends PAUSED
/// and resumable, whatever the step did with the token: it never throws with the execution left IN_PROGRESS.
/// </summary>
public sealed class CancelledRunTests
{
    [Fact]
    public async Task A_step_that_ignores_the_cancelled_token_completes_and_the_run_pauses_before_the_next_step()
    {
        using var cancel = new CancellationTokenSource();
        var ran = new List<string>();
        var workflow = TestWorkflow.Create("ignore",
            StepSpec.Sync("first", (_, _) => { ran.Add("first"); cancel.Cancel(); }),
            StepSpec.Sync("second", (_, _) => ran.Add("second")));
        var runner = new WorkflowRunner(new InMemoryExecutionStore());

        var result = await runner.RunAsync(workflow, cancellationToken: cancel.Token);

        Assert.Equal(["first"], ran);
        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.StartsWith("cancelled: stopped before step 2 (second)", result.Reason, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.CompletedSuccess, (await runner.ResumeAsync(workflow, result.ExecutionId)).Status);
        Assert.Equal(["first", "second"], ran);
    }

    [Fact]
    public async Task A_run_cancelled_while_it_waits_to_retry_a_step_pauses()
    {
        using var cancel = new CancellationTokenSource();
        var attempts = 0;
        var workflow = TestWorkflow.Create("retry",
            StepSpec.Sync("flaky", (_, _) =>
            {
                attempts++;
                cancel.CancelAfter(TimeSpan.FromMilliseconds(50));
                throw new InvalidOperationException("try again");
            }) with { MaxAttempts = 3 });
        var runner = new WorkflowRunner(new InMemoryExecutionStore());

        var result = await runner.RunAsync(workflow, options: new RunOptions { RetryDelay = TimeSpan.FromSeconds(30) }, cancellationToken: cancel.Token);

        Assert.Equal(1, attempts);
        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.StartsWith("cancelled", result.Reason, StringComparison.Ordinal);
    }
}

using IrlExec.Cli.Output;

namespace IrlExec.Cli.Tests;

/// <summary>The progress of a run comes from its history records, as a real runner commits them.</summary>
public sealed class StepProgressObserverTests
{
    [Fact]
    public async Task Each_step_is_reported_started_then_completed_and_a_retry_as_its_next_attempt()
    {
        var progress = new RecordingProgress();
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [new StepProgressObserver(progress)]);
        var failedOnce = false;
        var plans = new[]
        {
            new StepPlan { Order = 1, Name = "fetch", Component = "test", ToolMapping = "Test" },
            new StepPlan { Order = 2, Name = "store", Component = "test", ToolMapping = "Test", MaxAttempts = 2 },
        };
        var workflow = new WorkflowDefinition(new WorkflowPlan { Name = "progress", Steps = [.. plans] },
        [
            StepDefinition.Create(plans[0], () => new Body(() => { })),
            StepDefinition.Create(plans[1], () => new Body(() =>
            {
                if (failedOnce) return;
                failedOnce = true;
                throw new IOException("disk busy");
            })),
        ]);

        var result = await runner.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(["started 1 fetch #1", "completed 1", "started 2 store #1", "started 2 store #2", "completed 2"], progress.Events);
    }

    private sealed class RecordingProgress : IStepProgress
    {
        public List<string> Events { get; } = [];

        public void StepStarted(int order, string name, int attempt) => Events.Add($"started {order} {name} #{attempt}");

        public void StepCompleted(int order) => Events.Add($"completed {order}");
    }

    private sealed class Body(Action action) : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            action();
            return ValueTask.CompletedTask;
        }
    }
}

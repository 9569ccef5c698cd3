namespace IrlExec.Tests.Execution;

/// <summary>
/// What every generated step definition does through its base class: bind, run for the mode, publish; synchronously
/// when the step completes synchronously, after the await otherwise; nothing published when the step fails.
/// </summary>
public class GeneratedStepDefinitionTests
{
    private static readonly WorkflowRunner Memory = new(new InMemoryExecutionStore());

    [Fact]
    public async Task A_step_that_completes_synchronously_is_run_and_published_without_awaiting()
    {
        var definition = new Definition(() => new Counting());

        var running = definition.InvokeAsync(Context(ExecutionMode.Execution), Outputs(), CancellationToken.None);

        Assert.True(running.IsCompletedSuccessfully);
        await running;
        Assert.Equal(["bind", "execute", "publish"], definition.Calls);
    }

    [Fact]
    public async Task A_step_that_completes_later_is_published_after_it_completes()
    {
        var gate = new TaskCompletionSource();
        var definition = new Definition(() => new Counting { Wait = gate.Task });

        var running = definition.InvokeAsync(Context(ExecutionMode.Execution), Outputs(), CancellationToken.None);

        Assert.False(running.IsCompleted);
        Assert.Equal(["bind", "execute"], definition.Calls);
        gate.SetResult();
        await running;
        Assert.Equal(["bind", "execute", "publish"], definition.Calls);
    }

    [Fact]
    public async Task Simulation_calls_SimulateAsync_on_a_step_that_implements_it()
    {
        var definition = new Definition(() => new Simulated());

        await definition.InvokeAsync(Context(ExecutionMode.Simulation), Outputs(), CancellationToken.None);

        Assert.Equal(["bind", "simulate", "publish"], definition.Calls);
    }

    [Fact]
    public async Task Simulation_of_a_step_without_simulation_runs_nothing_and_publishes_the_initial_values()
    {
        var definition = new Definition(() => new Counting());

        await definition.InvokeAsync(Context(ExecutionMode.Simulation), Outputs(), CancellationToken.None);

        Assert.Equal(["bind", "publish"], definition.Calls);
    }

    [Fact]
    public async Task A_step_that_fails_publishes_nothing()
    {
        var definition = new Definition(() => new Counting { Failure = new InvalidOperationException("boom") });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            definition.InvokeAsync(Context(ExecutionMode.Execution), Outputs(), CancellationToken.None).AsTask());

        Assert.Equal("boom", error.Message);
        Assert.Equal(["bind", "execute"], definition.Calls);
    }

    [Fact]
    public void A_missing_context_or_outputs_is_refused()
    {
        var definition = new Definition(() => new Counting());

        Assert.Throws<ArgumentNullException>(() => definition.InvokeAsync(null!, Outputs(), CancellationToken.None));
        Assert.Throws<ArgumentNullException>(() => definition.InvokeAsync(Context(ExecutionMode.Execution), null!, CancellationToken.None));
        Assert.Empty(definition.Calls);
    }

    // A real context from a real run: the step captures it, then the test calls the definition with it.
    private static StepContext Context(ExecutionMode mode)
    {
        StepContext? captured = null;
        var plan = new StepPlan { Order = 1, Name = "capture", Component = "test", ToolMapping = "Test" };
        var workflow = new WorkflowDefinition(
            new WorkflowPlan { Name = "capture-context", Steps = [plan] },
            [StepDefinition.Create(plan, () => new Capture(c => captured = c))]);
        var run = mode == ExecutionMode.Execution ? Memory.RunAsync(workflow) : Memory.SimulateAsync(workflow);
        run.GetAwaiter().GetResult();
        return captured ?? throw new InvalidOperationException("The capturing step did not run.");
    }

    private static StepOutputs Outputs() => new();

    private sealed class Definition(Func<Step> create)
        : GeneratedStepDefinition<Step>(new StepPlan { Order = 1, Name = "counted", Component = "test", ToolMapping = "Test" })
    {
        public List<string> Calls { get; } = [];

        protected override Step Bind(StepContext context)
        {
            Calls.Add("bind");
            var step = create();
            step.Calls = Calls;
            return step;
        }

        protected override void Publish(Step step, StepOutputs outputs) => Calls.Add("publish");
    }

    private abstract class Step : IStep
    {
        public List<string> Calls { get; set; } = [];

        public abstract ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken);
    }

    private class Counting : Step
    {
        public Task? Wait { get; init; }

        public Exception? Failure { get; init; }

        public override async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Calls.Add("execute");
            if (Wait is not null) await Wait;
            if (Failure is not null) throw Failure;
        }
    }

    private sealed class Simulated : Counting, ISimulatedStep
    {
        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Calls.Add("simulate");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Capture(Action<StepContext> capture) : IStep, ISimulatedStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            capture(context);
            return ValueTask.CompletedTask;
        }

        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken) => ExecuteAsync(context, cancellationToken);
    }
}

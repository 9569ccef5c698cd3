using IrlExec.Generators.Tests.Binding;

namespace IrlExec.Generators.Tests;

/// <summary>The generated binding of a step that does not complete synchronously: outputs after the await, nothing from a failure.</summary>
public sealed class AsynchronousStepBindingTests
{
    [Fact]
    public async Task A_step_that_completes_after_an_await_publishes_what_it_set_after_the_await()
    {
        var result = await AsynchronousSteps.RunAsync(new WorkflowRunner(new InMemoryExecutionStore()), new AsynchronousSteps { Start = 41 });

        Assert.Equal("42", result.State.Variables.Single(v => v.Name == "waited").Json);
    }

    [Fact]
    public async Task A_simulated_step_that_completes_after_an_await_publishes_its_simulated_outputs()
    {
        var result = await AsynchronousSteps.SimulateAsync(new WorkflowRunner(new InMemoryExecutionStore()), new AsynchronousSteps { Start = 41 });

        Assert.Equal("CompletedSuccess", result.Status.ToString());
        Assert.Equal("-1", result.State.Variables.Single(v => v.Name == "waited").Json);
    }

    [Fact]
    public async Task A_step_that_fails_after_an_await_publishes_nothing()
    {
        var result = await AsynchronousSteps.RunAsync(new WorkflowRunner(new InMemoryExecutionStore()), new AsynchronousSteps { Start = 41 });

        Assert.NotEqual("CompletedSuccess", result.Status.ToString());
        Assert.DoesNotContain(result.State.Variables, v => v.Name == "never");
    }
}

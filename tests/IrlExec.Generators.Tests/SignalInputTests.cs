using IrlExec.Generators.Tests.Binding;

namespace IrlExec.Generators.Tests;

/// <summary>
/// <c>[Input(Signal = "name")]</c> on real generated code: the payload of the last signal delivered becomes a typed input
/// of the step's next attempt, and the plan lists the signal with the input's type.
/// </summary>
public sealed class SignalInputTests
{
    private static SignalInput Request() => new() { Request = "laptop" };

    [Fact]
    public void The_plan_lists_each_signal_a_step_receives_with_the_inputs_type()
    {
        var decide = SignalInput.Plan.Steps[0];
        var record = SignalInput.Plan.Steps[1];

        Assert.Equal(["approval", "priority"], decide.Signals!.Select(s => s.Name));
        Assert.Equal(["ReviewAnswer?", "int?"], decide.Signals!.Select(s => s.TypeName));
        Assert.Equal("ReviewAnswer", Assert.Single(record.Signals!).TypeName);
        Assert.DoesNotContain(decide.Inputs, i => i.Name == "answer" || i.Name == "priority"); // no variable is read
    }

    [Fact]
    public async Task A_step_waits_until_the_signal_arrives_then_reads_its_payload_typed()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await SignalInput.RunAsync(runner, Request());

        await runner.SignalAsync(paused.ExecutionId, "approval", """{"Approved":true,"Reviewer":"grace"}""");
        var done = await SignalInput.ResumeAsync(runner, paused.ExecutionId);

        Assert.Equal("Paused", paused.State.Status.ToString());
        Assert.Equal("approval", paused.State.WaitingForSignal);
        Assert.True(done.Succeeded, done.Reason);
        var state = SignalInput.State.From(done.State);
        Assert.Equal("laptop: approved by grace", state.Outcome);
        Assert.Equal("grace", state.ReviewedBy); // a later step receives the same payload
    }

    [Fact]
    public async Task Every_signal_delivered_before_the_attempt_is_bound_and_one_not_delivered_keeps_its_initial_value()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await SignalInput.RunAsync(runner, Request());

        await runner.SignalAsync(paused.ExecutionId, "priority", "2");
        await runner.SignalAsync(paused.ExecutionId, "approval", """{"Approved":false,"Reviewer":"ada"}""");
        var done = await SignalInput.ResumeAsync(runner, paused.ExecutionId);

        Assert.Equal("laptop: rejected by ada at priority 2", SignalInput.State.From(done.State).Outcome);
    }

    [Fact]
    public async Task The_last_payload_of_a_signal_sent_twice_is_the_one_bound()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await SignalInput.RunAsync(runner, Request());

        await runner.SignalAsync(paused.ExecutionId, "approval", """{"Approved":false,"Reviewer":"ada"}""");
        await runner.SignalAsync(paused.ExecutionId, "approval", """{"Approved":true,"Reviewer":"grace"}""");
        var done = await SignalInput.ResumeAsync(runner, paused.ExecutionId);

        Assert.Equal("laptop: approved by grace", SignalInput.State.From(done.State).Outcome);
    }

    [Fact]
    public async Task A_payload_that_is_not_the_inputs_type_fails_the_attempt_naming_the_signal()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await SignalInput.RunAsync(runner, Request());

        await runner.SignalAsync(paused.ExecutionId, "approval", "\"yes\"");
        var result = await SignalInput.ResumeAsync(runner, paused.ExecutionId);

        Assert.False(result.Succeeded);
        Assert.Contains("signal 'approval'", result.Reason);
        Assert.Contains("ReviewAnswer", result.Reason);
    }
}

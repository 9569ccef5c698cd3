namespace IrlExec.Hosting.Tests;

/// <summary>[Step(Signal = ...)] puts the signal in the generated plan, so a generated workflow can wait for it.</summary>
public sealed class GeneratedSignalTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void The_generated_plan_lists_the_steps_signal()
    {
        var signal = Assert.Single(SignOffWorkflow.Plan.Steps[0].Signals!);

        Assert.Equal("approval", signal.Name);
        Assert.Equal(["approval"], SignOffWorkflow.Plan.SignalNames());
        Assert.Null(GreetingWorkflow.Plan.Steps[0].Signals);
    }

    [Fact]
    public async Task A_generated_workflow_waits_for_its_signal_and_the_worker_finishes_it_when_it_arrives()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflows(typeof(SignOffWorkflow).Assembly));
        var client = host.Client();

        var id = await client.StartAsync("signed-off");
        var waiting = await client.WaitAsync(id, s => s.Status == ExecutionStatus.Paused, timeout.Token);
        var refused = await Assert.ThrowsAsync<UnknownSignalException>(() => client.SignalAsync(id, "aproval", "\"x\""));
        await client.SignalAsync(id, "approval", "samson", JsonTypes.String);
        var done = await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), timeout.Token);

        Assert.Equal("waiting for a sign-off", waiting.StatusReason);
        Assert.Equal(["approval"], refused.Accepted);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Contains(done.Variables, v => v.Name == "signed_by" && v.Json == "\"samson\"");
        await host.StopAsync();
    }

    [Fact]
    public async Task A_typed_signal_sent_through_the_client_becomes_the_steps_typed_input_and_the_worker_finishes_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflows(typeof(TypedSignOffWorkflow).Assembly));
        var client = host.Client();

        var id = await client.StartAsync(new TypedSignOffWorkflow());
        var waiting = await client.WaitAsync(id, s => s.Status == ExecutionStatus.Paused, timeout.Token);
        await client.SignalAsync(id, "approval", "samson", JsonTypes.String);
        await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), timeout.Token);
        var done = await client.GetStateAsync<TypedSignOffWorkflow.State>(id, timeout.Token);

        Assert.Equal("approval", waiting.WaitingForSignal);
        Assert.Equal("string?", Assert.Single(TypedSignOffWorkflow.Plan.Steps[0].Signals!).TypeName);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done!.Status);
        Assert.Equal("samson", done.SignedBy);
        await host.StopAsync();
    }
}

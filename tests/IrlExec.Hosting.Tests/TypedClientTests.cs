namespace IrlExec.Hosting.Tests;

/// <summary>
/// The typed client calls over a generated workflow class: start it from an instance, read its typed <c>State</c>,
/// resume it with its typed <c>Changes</c>.
/// </summary>
public sealed class TypedClientTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_host_starts_a_generated_workflow_reads_its_typed_state_and_resumes_it_with_typed_changes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflows(typeof(ReviewWorkflow).Assembly));
        var client = host.Client();

        var id = await client.StartAsync(new ReviewWorkflow { Document = "contract.pdf" });
        await client.WaitAsync(id, s => s.Status == ExecutionStatus.Paused, timeout.Token);
        var paused = await client.GetStateAsync<ReviewWorkflow.State>(id, timeout.Token);
        await client.ResumeAsync(id, new ReviewWorkflow.Changes { ApprovedBy = "samson" }, timeout.Token);
        await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), timeout.Token);
        var done = await client.GetStateAsync<ReviewWorkflow.State>(id, timeout.Token);

        Assert.NotNull(paused);
        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        Assert.Equal("waiting for a reviewer", paused.StatusReason);
        Assert.Equal("review", paused.CurrentStepName);
        Assert.Equal("contract.pdf", paused.Document);
        Assert.Null(paused.Verdict);
        Assert.Null(paused.Pages);
        Assert.NotNull(done);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal("contract.pdf approved by samson", done.Verdict);
        Assert.Equal(12, done.Pages);
        Assert.Equal("samson", done.ApprovedBy);
        await host.StopAsync();
    }

    [Fact]
    public async Task Changes_for_another_workflow_are_refused_and_nothing_is_resumed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflows(typeof(ReviewWorkflow).Assembly));
        var client = host.Client();
        var id = await client.StartAsync(new ReviewWorkflow { Document = "memo.txt" });
        await client.WaitAsync(id, s => s.Status == ExecutionStatus.Paused, timeout.Token);

        var error = await Assert.ThrowsAsync<WorkflowException>(() => client.ResumeAsync(id, new GreetingWorkflow.Changes { Name = "x" }, timeout.Token));

        Assert.Contains("'reviewed'", error.Message);
        Assert.Contains("'hello'", error.Message);
        Assert.Equal(ExecutionStatus.Paused, (await client.GetAsync(id, timeout.Token))!.Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_typed_state_of_an_unknown_execution_is_null()
    {
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflows(typeof(ReviewWorkflow).Assembly));

        Assert.Null(await host.Client().GetStateAsync<ReviewWorkflow.State>("exec_20260101T000000Z_nothing"));
        await host.StopAsync();
    }
}

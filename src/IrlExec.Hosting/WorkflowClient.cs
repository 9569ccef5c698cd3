namespace IrlExec.Hosting;

/// <summary>
/// The <see cref="IWorkflowClient"/> of a host: its runner for reads, signals and cancellation, its work source for runs
/// (this host's <see cref="ExecutionHost"/> at once, or the queue a fleet of workers shares).
/// </summary>
internal sealed class WorkflowClient(WorkflowRunner runner, WorkflowRegistry registry, ExecutionHost host, IWorkSource work) : IWorkflowClient
{
    public Task<string> StartAsync(string workflow, VariableStore? variables = null, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        work.StartAsync(registry.Get(workflow), variables, options, cancellationToken);

    public Task<string> StartAsync(WorkflowDefinition workflow, VariableStore? variables = null, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        work.StartAsync(workflow ?? throw new ArgumentNullException(nameof(workflow)), variables, options, cancellationToken);

    public Task<ExecutionState?> GetAsync(string executionId, CancellationToken cancellationToken = default) => runner.GetStateAsync(executionId, cancellationToken);

    public async Task<SignalDelivery> SignalAsync(string executionId, string name, string? json = null, string? sender = null, CancellationToken cancellationToken = default)
    {
        var delivery = await runner.SignalAsync(executionId, name, json, sender, cancellationToken).ConfigureAwait(false);
        work.Signalled(executionId);
        return delivery;
    }

    public async Task ResumeAsync(string executionId, VariableStore? variables = null, CancellationToken cancellationToken = default)
    {
        var state = await runner.GetStateAsync(executionId, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownExecutionException(executionId, "this host's store");
        await work.ResumeAsync(registry.Get(state.Workflow), executionId, variables, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecutionState> CancelAsync(string executionId, string? reason = null, CancellationToken cancellationToken = default)
    {
        await host.CancelRunAsync(executionId).ConfigureAwait(false);
        return await runner.CancelAsync(executionId, string.IsNullOrWhiteSpace(reason) ? "cancelled" : reason, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecutionState> WaitAsync(string executionId, Func<ExecutionState, bool>? until = null, CancellationToken cancellationToken = default)
    {
        until ??= state => state.Status is not (ExecutionStatus.InProgress or ExecutionStatus.Resumed);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ExecutionState? state = null;
            if (host.RunOf(executionId) is { } run)
            {
                await run.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
                // The state this host's run ended in is its history as of that end: no need to read the history back.
                state = run.TakeEndState();
            }
            state ??= await runner.GetStateAsync(executionId, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                // A start queued for a fleet's workers exists once one of them has begun it.
                if (!await work.IsPendingAsync(executionId, cancellationToken).ConfigureAwait(false)) throw new UnknownExecutionException(executionId, "this host's store");
            }
            else if (host.RunOf(executionId) is null && until(state))
            {
                return state;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }
}

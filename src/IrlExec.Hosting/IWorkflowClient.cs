using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IrlExec.Hosting;

/// <summary>
/// Starts, reads, signals, resumes and cancels executions from anywhere in a host (an HTTP endpoint, a message handler).
/// Runs happen on the host's worker; these calls return once the request is durable (a started execution is on disk,
/// a signal is kept) and do not wait for the execution to finish (<see cref="WaitAsync"/> does).
/// </summary>
public interface IWorkflowClient
{
    /// <summary>Starts a new execution of a registered workflow, by name, in EXECUTION mode; returns its id once it is created (on disk).</summary>
    /// <exception cref="UnknownWorkflowException">The host does not register that workflow.</exception>
    /// <exception cref="ArgumentException">A required variable is missing.</exception>
    Task<string> StartAsync(string workflow, VariableStore? variables = null, RunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a new execution of <paramref name="workflow"/> (e.g. a generated class's <c>Definition</c> with
    /// <c>instance.ToVariables()</c>); returns its id once it is created (on disk).
    /// </summary>
    Task<string> StartAsync(WorkflowDefinition workflow, VariableStore? variables = null, RunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The execution's state, rebuilt from its history, or null when it is unknown.</summary>
    Task<ExecutionState?> GetAsync(string executionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers a signal (<see cref="WorkflowRunner.SignalAsync"/>) and has the worker wake a step waiting for it at once.
    /// </summary>
    /// <exception cref="UnknownExecutionException">No such execution.</exception>
    /// <exception cref="UnknownSignalException">The execution takes no signal of that name (the message lists those it takes).</exception>
    Task<SignalDelivery> SignalAsync(string executionId, string name, string? json = null, string? sender = null, CancellationToken cancellationToken = default);

    /// <summary>Resumes a paused or interrupted execution on the worker, with <paramref name="variables"/> set first (a human's decision, a secret).</summary>
    /// <exception cref="UnknownExecutionException">No such execution.</exception>
    Task ResumeAsync(string executionId, VariableStore? variables = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends an execution for good: a run of it on this host is cancelled first (its step's token), then the execution is
    /// recorded COMPLETED_FAILURE with <paramref name="reason"/>; it is never woken or recovered again.
    /// </summary>
    /// <exception cref="ExecutionLeaseException">Another process runs it.</exception>
    Task<ExecutionState> CancelAsync(string executionId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until no run of the execution is under way on this host and <paramref name="until"/> holds for its state
    /// (by default: it is not IN_PROGRESS/RESUMED), polling its history; returns that state.
    /// </summary>
    Task<ExecutionState> WaitAsync(string executionId, Func<ExecutionState, bool>? until = null, CancellationToken cancellationToken = default);
}

/// <summary>Typed forms of the <see cref="IWorkflowClient"/> calls, for the classes the IrlExec generator emits (no reflection).</summary>
public static class WorkflowClientExtensions
{
    /// <summary>
    /// Starts a new execution of a generated workflow class with the <c>[Variable]</c> values of <paramref name="workflow"/>
    /// (e.g. <c>client.StartAsync(new IncidentApproval { Integration = "finance" })</c>); returns its id once it is created.
    /// </summary>
    public static Task<string> StartAsync<TWorkflow>(this IWorkflowClient client, TWorkflow workflow, RunOptions? options = null, CancellationToken cancellationToken = default)
        where TWorkflow : IWorkflow<TWorkflow>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(workflow);
        return client.StartAsync(TWorkflow.Definition, workflow.ToVariables(), options, cancellationToken);
    }

    /// <summary>
    /// The typed view of an execution (a generated workflow's <c>State</c>: <c>client.GetStateAsync&lt;IncidentApproval.State&gt;(id)</c>),
    /// rebuilt from its history, or null when the execution is unknown.
    /// </summary>
    /// <exception cref="WorkflowException">The execution runs another workflow, or a value cannot be read as its declared type.</exception>
    public static async Task<TState?> GetStateAsync<TState>(this IWorkflowClient client, string executionId, CancellationToken cancellationToken = default)
        where TState : class, IWorkflowState<TState>
    {
        ArgumentNullException.ThrowIfNull(client);
        var state = await client.GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        return state is null ? null : TState.From(state);
    }

    /// <summary>
    /// Resumes a paused or interrupted execution on the worker with the variables <paramref name="changes"/> sets first (a
    /// generated workflow's <c>Changes</c>: <c>new IncidentApproval.Changes { ApprovedBy = "samson" }</c>); the others
    /// are left as they are.
    /// </summary>
    /// <exception cref="UnknownExecutionException">No such execution.</exception>
    /// <exception cref="WorkflowException">The execution runs another workflow than the one <paramref name="changes"/> is for.</exception>
    public static async Task ResumeAsync(this IWorkflowClient client, string executionId, WorkflowChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(changes);
        var state = await client.GetAsync(executionId, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownExecutionException(executionId, "this host's store");
        if (!string.Equals(state.Workflow, changes.Workflow, StringComparison.Ordinal))
        {
            throw new WorkflowException($"Execution {executionId} runs workflow '{state.Workflow}'; these changes are for '{changes.Workflow}'.");
        }
        await client.ResumeAsync(executionId, changes.ToVariables(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Delivers a signal whose payload is <paramref name="value"/>, serialized with <paramref name="typeInfo"/> (no reflection).</summary>
    public static Task<SignalDelivery> SignalAsync<T>(this IWorkflowClient client, string executionId, string name, T value, JsonTypeInfo<T> typeInfo, string? sender = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return client.SignalAsync(executionId, name, JsonSerializer.Serialize(value, typeInfo), sender, cancellationToken);
    }
}

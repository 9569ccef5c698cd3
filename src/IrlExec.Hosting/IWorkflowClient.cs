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

/// <summary>Typed forms of the <see cref="IWorkflowClient"/> calls.</summary>
public static class WorkflowClientExtensions
{
    /// <summary>Delivers a signal whose payload is <paramref name="value"/>, serialized with <paramref name="typeInfo"/> (no reflection).</summary>
    public static Task<SignalDelivery> SignalAsync<T>(this IWorkflowClient client, string executionId, string name, T value, JsonTypeInfo<T> typeInfo, string? sender = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return client.SignalAsync(executionId, name, JsonSerializer.Serialize(value, typeInfo), sender, cancellationToken);
    }
}

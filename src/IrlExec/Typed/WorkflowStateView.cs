using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IrlExec;

/// <summary>
/// What every typed view of an execution shows besides its variables: the base of each generated <c>State</c> class,
/// whose own properties are the workflow's <c>[Variable]</c>s and step <c>[Output]</c>s, typed, null until produced,
/// secrets left out. Taken at one moment: it does not change when the execution goes on (read it again for that).
/// </summary>
public abstract class WorkflowStateView
{
    /// <summary>Copies what every view shows from <paramref name="state"/>.</summary>
    protected WorkflowStateView(ExecutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Execution = state;
        ExecutionId = state.ExecutionId;
        Workflow = state.Workflow;
        Status = state.Status;
        StatusReason = state.StatusReason;
        CurrentStep = state.CurrentStep;
        CurrentStepName = state.FindStep(state.CurrentStep)?.Name;
        Mode = state.Mode;
        WaitingForSignal = state.WaitingForSignal;
        WakeAt = state.WakeAt;
        StartTime = state.StartTime;
        LastUpdated = state.LastUpdated;
    }

    /// <summary>The execution id.</summary>
    public string ExecutionId { get; }

    /// <summary>The workflow name.</summary>
    public string Workflow { get; }

    /// <summary>The execution status.</summary>
    public ExecutionStatus Status { get; }

    /// <summary>Why the execution is paused or failed, when it is.</summary>
    public string? StatusReason { get; }

    /// <summary>The step running, or the next to run (1-based); 0 before any step.</summary>
    public int CurrentStep { get; }

    /// <summary>The name of <see cref="CurrentStep"/>, or null before any step.</summary>
    public string? CurrentStepName { get; }

    /// <summary>SIMULATION or EXECUTION.</summary>
    public ExecutionMode Mode { get; }

    /// <summary>The signal the paused step waits for, or null.</summary>
    public string? WaitingForSignal { get; }

    /// <summary>When the paused step asked to be woken, or null.</summary>
    public DateTimeOffset? WakeAt { get; }

    /// <summary>When the execution was created (UTC).</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>When the state last changed (UTC).</summary>
    public DateTimeOffset LastUpdated { get; }

    /// <summary>Whether the execution has finished (COMPLETED_SUCCESS or COMPLETED_FAILURE).</summary>
    public bool IsFinished => StatusTransitions.IsTerminal(Status);

    /// <summary>The whole state the view was made from (steps, execution log, signals, training data).</summary>
    public ExecutionState Execution { get; }

    /// <summary>For generated views: refuses a state of another workflow.</summary>
    /// <exception cref="WorkflowException">The execution runs another workflow.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected static void RequireWorkflow(ExecutionState state, string workflow)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!string.Equals(state.Workflow, workflow, StringComparison.Ordinal))
        {
            throw new WorkflowException($"Execution {state.ExecutionId} runs workflow '{state.Workflow}', not '{workflow}': read it with that workflow's State.");
        }
    }

    /// <summary>For generated views: whether a variable holds no readable value (JSON null, or a secret's mask).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected static bool IsUnset(VariableState variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return variable.IsSecret || variable.Json is "null" or "";
    }

    /// <summary>For generated views: a variable's value as <typeparamref name="T"/>, read with <paramref name="typeInfo"/> (no reflection).</summary>
    /// <exception cref="WorkflowException">The value cannot be read as <typeparamref name="T"/>.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected static T Read<T>(VariableState variable, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            return JsonSerializer.Deserialize(variable.Json, typeInfo)!;
        }
        catch (JsonException e)
        {
            throw new VariableTypeException(variable.Name, typeof(T).Name, e);
        }
    }
}

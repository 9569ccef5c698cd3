namespace IrlExec;

/// <summary>A workflow step. <see cref="ExecuteAsync"/> runs in <see cref="ExecutionMode.Execution"/> mode.</summary>
/// <remarks>
/// Steps run at least once: if the process dies after a step's side effect but before its completion is recorded,
/// the step runs again on resume. Make side effects idempotent with <see cref="StepContext.IdempotencyKey"/>.
/// </remarks>
public interface IStep
{
    /// <summary>Does the step's work. Inputs are bound before the call; outputs are published when it returns.</summary>
    ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}

/// <summary>A step that can produce its outputs without side effects, for <see cref="ExecutionMode.Simulation"/> mode.</summary>
public interface ISimulatedStep
{
    /// <summary>Sets the step's outputs as they would probably be, without changing anything outside the execution.</summary>
    ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken);
}

namespace IrlExec;

/// <summary>
/// The base of every generated step definition: the generator writes only what differs per step, how to create the
/// step with its inputs bound (<see cref="Bind"/>) and how to publish its outputs (<see cref="Publish"/>); running the
/// step for the mode is here, once. For generated code; hand-written workflows use
/// <see cref="StepDefinition.Create{TStep}"/>.
/// </summary>
/// <typeparam name="TStep">The step class.</typeparam>
public abstract class GeneratedStepDefinition<TStep> : StepDefinition
    where TStep : class, IStep
{
    /// <summary>Creates the definition of the step described by <paramref name="plan"/>.</summary>
    protected GeneratedStepDefinition(StepPlan plan)
        : base(plan)
    {
    }

    /// <summary>A new instance of the step with every input assigned from <see cref="StepContext.Variables"/>.</summary>
    protected abstract TStep Bind(StepContext context);

    /// <summary>Publishes the step's outputs to <paramref name="outputs"/>, after it ran.</summary>
    protected abstract void Publish(TStep step, StepOutputs outputs);

    /// <summary>
    /// Binds the inputs, calls <see cref="IStep.ExecuteAsync"/> (EXECUTION), <see cref="ISimulatedStep.SimulateAsync"/>
    /// (SIMULATION) or nothing (SIMULATION of a step without simulation: the outputs keep their initial values as
    /// placeholders), then publishes the outputs. Not an <c>async</c> method: a step that completes synchronously
    /// costs no state machine; one that does not is awaited, then published.
    /// </summary>
    public sealed override ValueTask InvokeAsync(StepContext context, StepOutputs outputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outputs);
        var step = Bind(context);
        var running = context.Mode == ExecutionMode.Execution
            ? step.ExecuteAsync(context, cancellationToken)
            : step is ISimulatedStep simulated ? simulated.SimulateAsync(context, cancellationToken) : default;
        if (!running.IsCompletedSuccessfully) return PublishWhenDone(running, step, outputs);
        running.GetAwaiter().GetResult();
        Publish(step, outputs);
        return default;
    }

    private async ValueTask PublishWhenDone(ValueTask running, TStep step, StepOutputs outputs)
    {
        await running.ConfigureAwait(false);
        Publish(step, outputs);
    }
}

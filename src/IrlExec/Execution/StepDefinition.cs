namespace IrlExec;

/// <summary>
/// How the engine runs one step: bind inputs, call the step for the mode, publish outputs. The generator emits a
/// sealed subclass per step (plain property assignments, no reflection); hand-written workflows use <see cref="Create{TStep}"/>.
/// </summary>
public abstract class StepDefinition
{
    /// <summary>Creates the definition of the step described by <paramref name="plan"/>.</summary>
    protected StepDefinition(StepPlan plan) => Plan = plan ?? throw new ArgumentNullException(nameof(plan));

    /// <summary>The step's plan entry.</summary>
    public StepPlan Plan { get; }

    /// <summary>
    /// Runs one attempt: binds inputs from <see cref="StepContext.Variables"/>, calls <see cref="IStep.ExecuteAsync"/>
    /// (EXECUTION, and SIMULATION when <see cref="StepPlan.RunsInSimulation"/>), <see cref="ISimulatedStep.SimulateAsync"/>
    /// (SIMULATION), or nothing (SIMULATION otherwise: the outputs keep their declared defaults), then publishes the
    /// outputs to <paramref name="outputs"/>.
    /// </summary>
    public abstract ValueTask InvokeAsync(StepContext context, StepOutputs outputs, CancellationToken cancellationToken);

    /// <summary>A definition from delegates: for workflows written by hand, without the generator.</summary>
    /// <param name="plan">The step's plan entry.</param>
    /// <param name="create">Creates a fresh step instance for each attempt.</param>
    /// <param name="bindInputs">Copies inputs from the variables into the step.</param>
    /// <param name="publishOutputs">Copies outputs from the step into the outputs.</param>
    public static StepDefinition Create<TStep>(StepPlan plan, Func<TStep> create, Action<TStep, IReadOnlyVariables>? bindInputs = null, Action<TStep, StepOutputs>? publishOutputs = null)
        where TStep : IStep =>
        new DelegateStepDefinition<TStep>(plan, create, bindInputs, publishOutputs);

    private sealed class DelegateStepDefinition<TStep>(StepPlan plan, Func<TStep> create, Action<TStep, IReadOnlyVariables>? bind, Action<TStep, StepOutputs>? publish)
        : StepDefinition(plan) where TStep : IStep
    {
        public override async ValueTask InvokeAsync(StepContext context, StepOutputs outputs, CancellationToken cancellationToken)
        {
            var step = create();
            bind?.Invoke(step, context.Variables);
            if (context.Mode == ExecutionMode.Execution || context.Step.RunsInSimulation)
            {
                await step.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
            }
            else if (step is ISimulatedStep simulated)
            {
                await simulated.SimulateAsync(context, cancellationToken).ConfigureAwait(false);
            }
            publish?.Invoke(step, outputs);
        }
    }
}

namespace IrlExec.Generators.Tests.Binding;

/// <summary>
/// Steps that complete asynchronously (in EXECUTION and in SIMULATION): the generated binding takes its slow path,
/// awaits them, and only then publishes their outputs.
/// </summary>
[Workflow("asynchronous-steps")]
public partial class AsynchronousSteps
{
    [Variable] public int Start { get; init; }

    [Step(1, SideEffects = "none")]
    public sealed partial class Wait : IStep, ISimulatedStep
    {
        [Input] public int Start { get; set; }
        [Output] public int Waited { get; set; }

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            await Task.Yield();
            Waited = Start + 1; // set after the await: published only if the binding awaited the step
        }

        public async ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            await Task.Yield();
            Waited = -1;
        }
    }

    [Step(2, SideEffects = "none")]
    public sealed partial class Fail : IStep, ISimulatedStep
    {
        [Input] public int Waited { get; set; }
        [Output] public int Never { get; set; }

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Never = Waited;
            await Task.Yield();
            throw new WorkflowException("failed after an await");
        }

        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

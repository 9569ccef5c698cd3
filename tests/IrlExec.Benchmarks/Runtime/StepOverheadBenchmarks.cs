using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// Benchmark 4, step overhead: a SIMULATION run of <see cref="Steps"/> empty steps with an in-memory store, per step,
/// vs calling each step's <see cref="ISimulatedStep.SimulateAsync"/> directly. The run's fixed costs (execution id,
/// run label, creation and completion records, a new store and runner per run so memory does not pile up) are
/// spread over the steps; with 100 steps they are a small part of the figure.
/// </summary>
[MemoryDiagnoser]
public class StepOverheadBenchmarks
{
    private const int Steps = 100;
    private readonly WorkflowDefinition _workflow = BenchWorkflows.Empty(Steps);

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "direct call of SimulateAsync")]
    public async Task Direct()
    {
        for (var i = 0; i < Steps; i++)
        {
            await ((ISimulatedStep)new EmptyStep()).SimulateAsync(null!, CancellationToken.None).ConfigureAwait(false);
        }
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "runner, SIMULATION, in-memory store")]
    public async Task Simulated()
    {
        var result = await new WorkflowRunner(new InMemoryExecutionStore()).SimulateAsync(_workflow).ConfigureAwait(false);
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The simulation did not complete: " + result.Status);
    }
}

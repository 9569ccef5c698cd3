using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// Not one of the figures: what a whole render of a finished 500-step execution costs each whole-file view (the
/// JSON snapshot and the markdown), from a new renderer (no step cached), as at a run's start and at its completion.
/// Benchmark 5 pays about two of these per run; the baseline is the snapshot serialized by the plain JSON contract.
/// </summary>
[MemoryDiagnoser]
public class WholeRenderBenchmarks
{
    private const int Steps = 500;
    private ExecutionState _state = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var workflow = BenchWorkflows.Typical("render", Steps, static () => new TypicalStep());
        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
        _state = result.State;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "snapshot, plain JSON contract, per step")]
    public byte[] PlainSnapshot() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(_state, Internal.JsonFiles.Readable.ExecutionState);

    [Benchmark(OperationsPerInvoke = Steps, Description = "snapshot renderer, nothing cached, per step")]
    public void Snapshot() => new SnapshotRenderer().RenderTo(_state, Stream.Null);

    [Benchmark(OperationsPerInvoke = Steps, Description = "markdown renderer, nothing cached, per step")]
    public int Markdown() => new ExecutionStateMarkdownWriter.Renderer().RenderUtf8(_state).Length;
}

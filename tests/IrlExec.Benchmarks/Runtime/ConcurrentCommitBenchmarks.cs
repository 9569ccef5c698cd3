using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// Benchmark 5, throughput: <see cref="Concurrency"/> executions of <see cref="Steps"/> typical steps each, run at
/// once by one filesystem runner, vs the floor: as many threads each appending one step's bytes + fsync to its own
/// file. The time is per round (one step of every execution): steps per second = Concurrency / time. The executions run
/// with the runner's defaults (views off the commit path) and, in a third case, with <see cref="RunOptions.WaitForViews"/>.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(4)] // whole runs per invocation; the root is kept across iterations, as a worker's is (the manifest
// keeps its recent rows and rolls older ones into pages, so its size is bounded).
// Each invocation is whole runs, and much of a run's code (its start and completion: the lease, the manifest's Markdig
// parse, the result, the active list, the first renders) runs once or twice per run: a short job's 3 warm-up iterations
// (12 runs) leave hundreds of those methods to reach their tier-1 code during the measured runs, on the JIT's
// background thread (100 ms of JIT in a run after 30 runs; none after 150). A worker process that has run many
// executions runs them warm; 50 warm-up iterations (200 runs) measure that.
[WarmupCount(50)]
public class ConcurrentCommitBenchmarks
{
    private const int Steps = 20;
    private string _root = null!;
    private WorkflowRunner _runner = null!;
    private WorkflowDefinition _workflow = null!;
    private static readonly RunOptions WaitingForViews = new() { WaitForViews = true };
    private byte[] _stepBytes = null!;
    private FileStream[] _floors = null!;

    [Params(1, 4, 16)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        // Blocking fsyncs from many executions must not wait for the thread pool to grow.
        ThreadPool.SetMinThreads(Math.Max(32, Environment.ProcessorCount), Math.Max(32, Environment.ProcessorCount));
        _root = BenchWorkflows.NewRoot("concurrent");
        _runner = WorkflowRunner.ForDirectory(_root);
        _workflow = BenchWorkflows.Typical("concurrent", Steps, static () => new TypicalStep());
        var result = await _runner.RunAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        _stepBytes = DurableCommitBenchmarks.StepBytes(new ExecutionLayout(_root).HistoryFile(result.ExecutionId), step: 2);
        _floors = Enumerable.Range(0, Concurrency)
            .Select(i => new FileStream(Path.Combine(_root, $"floor{i}.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None))
            .ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var floor in _floors) floor.Dispose();
        BenchWorkflows.DeleteRoot(_root);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "floor: N files, append + fsync each")]
    public Task Floor() => Task.WhenAll(_floors.Select(floor => Task.Run(() =>
    {
        for (var i = 0; i < Steps; i++)
        {
            floor.Write(_stepBytes);
            floor.Flush(flushToDisk: true);
        }
    })));

    [Benchmark(OperationsPerInvoke = Steps, Description = "N executions at once, filesystem store + views")]
    public Task Executions() => RunAtOnce(options: null);

    [Benchmark(OperationsPerInvoke = Steps, Description = "N executions at once, filesystem store + views, every commit waits for them")]
    public Task ExecutionsWaitingForViews() => RunAtOnce(WaitingForViews);

    private Task RunAtOnce(RunOptions? options) => Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
    {
        var result = await _runner.RunAsync(_workflow, BenchWorkflows.Variables(), options).ConfigureAwait(false);
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("A run did not complete: " + result.Status);
    })));
}

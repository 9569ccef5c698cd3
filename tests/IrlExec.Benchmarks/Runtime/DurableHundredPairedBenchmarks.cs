using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// The 100-step row of <see cref="DurableCommitBenchmarks"/> measured paired: every invocation runs both cases, the floor
/// (one step's history bytes appended and flushed to disk, 100 times) and one 100-step run with every view, in turn
/// (which goes first alternates), on the benchmark's thread. Why: this disk's latency per request drifts between regimes
/// that last minutes (docs/performance.md, section 5), and BenchmarkDotNet measures separate benchmarks minutes apart,
/// each in a process of its own, so their ratio compares two regimes; here both cases share every second. A run's time
/// ends once it has returned and the idle-priority thread has done what it left there (its replaced files freed, the
/// next start's files made), so that none of it falls into a floor segment. The Mean column is one floor append plus
/// one step. The cleanup prints the ratio of the measured iterations (the last
/// <see cref="MeasuredIterations"/>; leave the iteration count as it is): each iteration's run time over its floor time,
/// their median and the ratio of the sums, and each case's time per step.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Invocations)] // as DurableCommitBenchmarks: whole runs per invocation, the root kept across iterations
[WarmupCount(50)] // as DurableCommitBenchmarks: 200 warm-up runs, so the run's once-per-run code is at tier 1
[IterationCount(MeasuredIterations)]
public class DurableHundredPairedBenchmarks
{
    private const int Steps = 100;
    private const int MeasuredIterations = 15;
    private const int Invocations = 4;
    private string _root = null!;
    private WorkflowRunner _runner = null!;
    private WorkflowDefinition _target = null!;
    private byte[] _stepBytes = null!;
    private FileStream _floor = null!;
    private readonly PairedIterations _paired = new(Steps, Invocations, MeasuredIterations);
    private Action _appendFloor = null!;
    private Action _run = null!;

    // Synchronous, so that --inProcess waits for it too.
    [GlobalSetup]
    public void Setup()
    {
        StartFiles.Enabled = Environment.GetEnvironmentVariable("IRLEXEC_START_FILES") != "0";
        _root = BenchWorkflows.NewRoot("commit-paired");
        _runner = WorkflowRunner.ForDirectory(_root);
        _target = BenchWorkflows.Typical("commit-hundred", Steps, static () => new TypicalStep());
        var result = _runner.RunAsync(_target, BenchWorkflows.Variables()).GetAwaiter().GetResult();
        _stepBytes = DurableCommitBenchmarks.StepBytes(new ExecutionLayout(_root).HistoryFile(result.ExecutionId), step: 2);
        _floor = new FileStream(Path.Combine(_root, "floor.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        _appendFloor = AppendFloor;
        _run = Run;
    }

    [IterationSetup]
    public void BeginIteration() => _paired.BeginIteration();

    [IterationCleanup]
    public void EndIteration() => _paired.EndIteration();

    [GlobalCleanup]
    public void Cleanup()
    {
        _floor.Dispose();
        BenchWorkflows.DeleteRoot(_root);
        _paired.Print();
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "paired: a floor append + fsync and a step of a 100-step run, every view")]
    public void Paired() => _paired.Invoke(_appendFloor, _run);

    private void AppendFloor()
    {
        for (var i = 0; i < Steps; i++)
        {
            _floor.Write(_stepBytes);
            _floor.Flush(flushToDisk: true);
        }
    }

    private void Run()
    {
        var result = _runner.RunAsync(_target, BenchWorkflows.Variables()).GetAwaiter().GetResult();
        // The run's time includes the work it left to the idle-priority thread (its replaced files freed, the next start's
        // files made), which back-to-back runs would overlap with the next run and this one with a floor segment.
        IdleThread.Run(static () => { }).GetAwaiter().GetResult();
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
    }
}

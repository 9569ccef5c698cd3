using System.Globalization;
using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// The 100-step row of <see cref="DurableCommitBenchmarks"/> (<c>ExecutionHundred</c> against its floor), with the thread
/// that issues the fsyncs pinned to processor <see cref="Cpu"/> in both cases (<see cref="ThreadAffinity"/>): an fsync
/// costs more on a processor other than the one that takes the disk's interrupts (docs/performance.md, section 5), and
/// BenchmarkDotNet runs each case in a process of its own, where that thread would land on either processor.
/// That thread is the benchmark's own: the floor appends on it, and the runner's steps and their commits run on it too
/// (a step completes synchronously, so every await of the step loop does). Only it is pinned: the views' passes, the
/// files made ahead and the runtime's other threads keep both processors, as they have in a worker. Each processor is a
/// case of its own with its own baseline, so the ratio column compares a floor and a run on one processor; both are
/// reported. The cleanup prints, per case, where the floor's fsyncs returned and the steps began (processor, and steps
/// that ran on another thread than the pinned one) and which processor takes the disk's interrupts.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(4)] // as DurableCommitBenchmarks: whole runs per invocation, the root kept across iterations
[WarmupCount(50)] // as DurableCommitBenchmarks: 200 warm-up runs, so the run's once-per-run code is at tier 1
public class DurableHundredPinnedBenchmarks
{
    private const int Steps = 100;
    private string _root = null!;
    private WorkflowRunner _runner = null!;
    private WorkflowDefinition _target = null!;
    private byte[] _stepBytes = null!;
    private FileStream _floor = null!;
    private int _pinnedThread;
    private readonly Placement _floorPlacement = new();
    private readonly Placement _stepPlacement = new();

    /// <summary>The processor the benchmark's thread (the one that fsyncs, in both cases) is pinned to.</summary>
    [Params(0, 1)]
    public int Cpu { get; set; }

    // Synchronous, so that it runs on the benchmark's thread from its first line to its last (the pin is set before any
    // await could move the rest elsewhere), and so that --inProcess waits for it too.
    [GlobalSetup]
    public void Setup()
    {
        ThreadAffinity.PinCurrentThread(Cpu);
        _pinnedThread = Environment.CurrentManagedThreadId;
        StartFiles.Enabled = Environment.GetEnvironmentVariable("IRLEXEC_START_FILES") != "0";
        _root = BenchWorkflows.NewRoot("commit-pinned");
        _runner = WorkflowRunner.ForDirectory(_root);
        _target = BenchWorkflows.Typical("commit-hundred", Steps, () => new PlacedStep(this));
        var result = _runner.RunAsync(_target, BenchWorkflows.Variables()).GetAwaiter().GetResult();
        _stepBytes = DurableCommitBenchmarks.StepBytes(new ExecutionLayout(_root).HistoryFile(result.ExecutionId), step: 2);
        _floor = new FileStream(Path.Combine(_root, "floor.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        _floorPlacement.Clear();
        _stepPlacement.Clear();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _floor.Dispose();
        BenchWorkflows.DeleteRoot(_root);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"// pinned to cpu {Cpu}: floor's fsyncs returned on {_floorPlacement}; runner's steps began on {_stepPlacement}"));
        foreach (var line in CurrentCpu.BlockInterrupts()) Console.WriteLine("// block completions by processor (/proc/interrupts): " + line);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "floor: append step bytes + fsync, pinned")]
    public void Floor()
    {
        for (var i = 0; i < Steps; i++)
        {
            _floor.Write(_stepBytes);
            _floor.Flush(flushToDisk: true);
            _floorPlacement.Add(CurrentCpu.Get(), Environment.CurrentManagedThreadId == _pinnedThread);
        }
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "runner, EXECUTION, filesystem store + views: per step of a 100-step run, pinned")]
    public async Task ExecutionHundred()
    {
        var result = await _runner.RunAsync(_target, BenchWorkflows.Variables()).ConfigureAwait(false);
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
    }

    /// <summary>Counts per processor, and how many were on another thread than the pinned one.</summary>
    private sealed class Placement
    {
        private readonly long[] _perCpu = new long[Math.Max(1, Environment.ProcessorCount)];
        private long _unknown;
        private long _otherThread;

        public void Add(int cpu, bool onPinnedThread)
        {
            if ((uint)cpu < (uint)_perCpu.Length) _perCpu[cpu]++;
            else _unknown++;
            if (!onPinnedThread) _otherThread++;
        }

        public void Clear()
        {
            Array.Clear(_perCpu);
            _unknown = _otherThread = 0;
        }

        public override string ToString() => string.Join(", ", _perCpu.Select((n, cpu) => string.Create(CultureInfo.InvariantCulture, $"cpu {cpu}: {n}")))
            + (_unknown > 0 ? string.Create(CultureInfo.InvariantCulture, $", unknown: {_unknown}") : "")
            + string.Create(CultureInfo.InvariantCulture, $" ({_otherThread} on another thread)");
    }

    // The typical step, counting where it began (right after the previous commit's fsync returned, on the thread that issued it).
    private sealed class PlacedStep(DurableHundredPinnedBenchmarks owner) : TypicalStep
    {
        public override ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            owner._stepPlacement.Add(CurrentCpu.Get(), Environment.CurrentManagedThreadId == owner._pinnedThread);
            return base.ExecuteAsync(context, cancellationToken);
        }
    }
}

using System.Text;
using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// Benchmark 5, durable commit: one typical step in EXECUTION mode with <see cref="WorkflowRunner.ForDirectory"/> (the
/// filesystem store and every standard view writer), per step of a <see cref="Steps"/>-step run, vs the floor: one
/// append of the same history bytes that step produces, followed by a flush to disk (fsync). A third case runs the
/// same steps with the filesystem store and no view writers: the durable commit alone. A fourth, a reference like the
/// generator suite's symbol walk, is the least any engine pays to keep these views after every step: the floor plus
/// an atomic replace (temporary file, rename, no fsync) of three files the size of the snapshot and the two markdown
/// copies, and two appended log lines. The runner runs with its defaults (views written off the commit path, see
/// docs/storage.md) and, in a fifth case, with <see cref="RunOptions.WaitForViews"/> (every commit waits for every view).
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
public class DurableCommitBenchmarks
{
    private const int Steps = 50;
    private const int LongSteps = 500;
    private const int TargetSteps = 100;
    private string _root = null!;
    private WorkflowRunner _runner = null!;
    private WorkflowRunner _storeOnly = null!;
    private static readonly RunOptions WaitingForViews = new() { WaitForViews = true };
    private WorkflowDefinition _workflow = null!;
    private WorkflowDefinition _oneStep = null!;
    private WorkflowDefinition _long = null!;
    private WorkflowDefinition _target = null!;
    private byte[] _stepBytes = null!;
    private FileStream _floor = null!;
    private byte[] _snapshotBytes = null!;
    private byte[] _markdownBytes = null!;
    private byte[] _logLine = null!;
    private string _viewFiles = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        // IRLEXEC_START_FILES=0: the store does not make a start's files ahead (StartFiles), for comparison.
        StartFiles.Enabled = Environment.GetEnvironmentVariable("IRLEXEC_START_FILES") != "0";
        _root = BenchWorkflows.NewRoot("commit");
        _runner = WorkflowRunner.ForDirectory(_root);
        _storeOnly = new WorkflowRunner(new FileSystemExecutionStore(Path.Combine(_root, "store-only")));
        _workflow = BenchWorkflows.Typical("commit", Steps, static () => new TypicalStep());
        _oneStep = BenchWorkflows.Typical("commit-one", 1, static () => new TypicalStep());
        _long = BenchWorkflows.Typical("commit-long", LongSteps, static () => new TypicalStep());
        _target = BenchWorkflows.Typical("commit-hundred", TargetSteps, static () => new TypicalStep());
        var result = await _runner.RunAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        _stepBytes = StepBytes(new ExecutionLayout(_root).HistoryFile(result.ExecutionId), step: 2);
        _floor = new FileStream(Path.Combine(_root, "floor.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        // The views grow linearly with the steps done, so half their final size is their average size over the run.
        var layout = new ExecutionLayout(_root);
        _snapshotBytes = File.ReadAllBytes(layout.SnapshotFile(result.ExecutionId))[..(int)(new FileInfo(layout.SnapshotFile(result.ExecutionId)).Length / 2)];
        _markdownBytes = File.ReadAllBytes(layout.MarkdownFile(result.ExecutionId))[..(int)(new FileInfo(layout.MarkdownFile(result.ExecutionId)).Length / 2)];
        _logLine = Encoding.UTF8.GetBytes(File.ReadLines(layout.LogFile(result.State.RunLabel)).Skip(2).First() + "\n");
        _viewFiles = Path.Combine(_root, "view-floor");
        Directory.CreateDirectory(_viewFiles);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _floor.Dispose();
        BenchWorkflows.DeleteRoot(_root);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "floor: append step bytes + fsync")]
    public void Floor()
    {
        for (var i = 0; i < Steps; i++)
        {
            _floor.Write(_stepBytes);
            _floor.Flush(flushToDisk: true);
        }
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "reference: floor + 3 view files replaced + 2 log lines")]
    public void FloorWithViewFiles()
    {
        var log = Path.Combine(_viewFiles, "run.log");
        for (var i = 0; i < Steps; i++)
        {
            AppendLine(log);
            _floor.Write(_stepBytes);
            _floor.Flush(flushToDisk: true);
            AtomicFile.WriteAllBytes(Path.Combine(_viewFiles, "state.json"), _snapshotBytes, flushToDisk: false);
            AtomicFile.WriteAllBytes(Path.Combine(_viewFiles, "state.md"), _markdownBytes, flushToDisk: false);
            AtomicFile.WriteAllBytes(Path.Combine(_viewFiles, "execution_state.md"), _markdownBytes, flushToDisk: false);
            AppendLine(log);
        }
    }

    private void AppendLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(_logLine);
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "runner, EXECUTION, filesystem store + views")]
    public Task Execution() => RunToCompletion(_runner, _workflow);

    [Benchmark(OperationsPerInvoke = Steps, Description = "runner, EXECUTION, filesystem store + views, every commit waits for them")]
    public Task ExecutionWaitingForViews() => RunToCompletion(_runner, _workflow, WaitingForViews);

    // What a run costs besides its steps (creation, start, completion: the lease, the run label, the result, the manifest
    // and the active list, and the views of both status changes): a run of one step. A step's own cost is then
    // (Steps × the per-step mean of a run of Steps − this) / (Steps − 1).
    [Benchmark(Description = "runner, EXECUTION, filesystem store + views: a whole run of 1 step")]
    public Task ExecutionOfOneStep() => RunToCompletion(_runner, _oneStep);

    // A step of a long run: the run's own costs (above) spread over 500 steps, so this is close to what one more step costs.
    [Benchmark(OperationsPerInvoke = LongSteps, Description = "runner, EXECUTION, filesystem store + views: per step of a 500-step run")]
    public Task ExecutionLong() => RunToCompletion(_runner, _long);

    // The target row of issue 27: a 100-step run with the default views, its start and end spread over 100 steps.
    [Benchmark(OperationsPerInvoke = TargetSteps, Description = "runner, EXECUTION, filesystem store + views: per step of a 100-step run")]
    public Task ExecutionHundred() => RunToCompletion(_runner, _target);

    [Benchmark(OperationsPerInvoke = LongSteps, Description = "runner, EXECUTION, filesystem store, no views: per step of a 500-step run")]
    public Task ExecutionLongStoreOnly() => RunToCompletion(_storeOnly, _long);

    [Benchmark(OperationsPerInvoke = Steps, Description = "runner, EXECUTION, filesystem store, no views")]
    public Task ExecutionStoreOnly() => RunToCompletion(_storeOnly, _workflow);

    private static async Task RunToCompletion(WorkflowRunner runner, WorkflowDefinition workflow, RunOptions? options = null)
    {
        var result = await runner.RunAsync(workflow, BenchWorkflows.Variables(), options).ConfigureAwait(false);
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
    }

    /// <summary>The history lines one step wrote (start, log line, output variable, completion): what the floor appends.</summary>
    internal static byte[] StepBytes(string historyFile, int step)
    {
        var lines = File.ReadAllLines(historyFile);
        var start = Array.FindIndex(lines, l => l.Contains("\"kind\":\"StepStarted\"", StringComparison.Ordinal) && l.Contains($"\"step\":{step},", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, l => l.Contains("\"kind\":\"StepCompleted\"", StringComparison.Ordinal) && l.Contains($"\"step\":{step},", StringComparison.Ordinal));
        if (start < 0 || end < start) throw new InvalidOperationException($"Step {step} is not in {historyFile}.");
        return Encoding.UTF8.GetBytes(string.Join("", lines[start..(end + 1)].Select(l => l + "\n")));
    }
}

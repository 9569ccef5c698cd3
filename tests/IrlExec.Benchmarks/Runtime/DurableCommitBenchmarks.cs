using System.Text;
using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// Benchmark 5, durable commit: one typical step in EXECUTION mode with <see cref="WorkflowRunner.ForDirectory"/> (the
/// filesystem store and every standard view writer), per step of a <see cref="Steps"/>-step run, vs the floor: one
/// append of the same history bytes that step produces, followed by a flush to disk (fsync). A third case runs the
/// same steps with the filesystem store and no view writers: the durable commit alone.
/// </summary>
[MemoryDiagnoser]
public class DurableCommitBenchmarks
{
    private const int Steps = 50;
    private string _root = null!;
    private WorkflowRunner _runner = null!;
    private WorkflowRunner _storeOnly = null!;
    private WorkflowDefinition _workflow = null!;
    private byte[] _stepBytes = null!;
    private FileStream _floor = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _root = BenchWorkflows.NewRoot("commit");
        _runner = WorkflowRunner.ForDirectory(_root);
        _storeOnly = new WorkflowRunner(new FileSystemExecutionStore(Path.Combine(_root, "store-only")));
        _workflow = BenchWorkflows.Typical("commit", Steps, static () => new TypicalStep());
        var result = await _runner.RunAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        _stepBytes = StepBytes(new ExecutionLayout(_root).HistoryFile(result.ExecutionId), step: 2);
        _floor = new FileStream(Path.Combine(_root, "floor.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
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

    [Benchmark(OperationsPerInvoke = Steps, Description = "runner, EXECUTION, filesystem store + views")]
    public async Task Execution()
    {
        var result = await _runner.RunAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "runner, EXECUTION, filesystem store, no views")]
    public async Task ExecutionStoreOnly()
    {
        var result = await _storeOnly.RunAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
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

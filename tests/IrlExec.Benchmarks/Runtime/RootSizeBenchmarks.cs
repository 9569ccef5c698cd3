using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// Issue 27, "cost flat in the size of the root": one run of a small workflow (three typical steps, EXECUTION mode, every
/// view, a new <see cref="WorkflowRunner.ForDirectory"/> runner as each <c>irlexec run</c> makes) into a root that already
/// holds 10, 10,000 or 100,000 finished executions (<see cref="RootPrefill"/>). The 10-execution root is the baseline:
/// the ratios say what a run pays for the runs before it. Each case adds its runs to its root (a few dozen).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(8)]
public class RootSizeBenchmarks
{
    private string _root = null!;
    private string? _delete;

    [GlobalSetup(Target = nameof(Root10))]
    public void Setup10() => _delete = _root = RootPrefill.Get(10);

    [GlobalSetup(Target = nameof(Root10000))]
    public void Setup10000() => _delete = _root = RootPrefill.Get(10_000);

    [GlobalSetup(Target = nameof(Root100000))]
    public void Setup100000() => _root = RootPrefill.Get(100_000);

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_delete is not null) BenchWorkflows.DeleteRoot(_delete);
    }

    [Benchmark(Baseline = true, Description = "run into a root of 10 executions")]
    public Task Root10() => RunAsync();

    [Benchmark(Description = "run into a root of 10,000 executions")]
    public Task Root10000() => RunAsync();

    [Benchmark(Description = "run into a root of 100,000 executions")]
    public Task Root100000() => RunAsync();

    private async Task RunAsync()
    {
        var result = await WorkflowRunner.ForDirectory(_root).RunAsync(RootPrefill.Workflow, BenchWorkflows.Variables());
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException($"the run ended {result.Status}");
    }
}

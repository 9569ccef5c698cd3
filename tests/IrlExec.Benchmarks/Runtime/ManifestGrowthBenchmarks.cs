using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// Not one of the figures: what the manifest (<c>execution/README.md</c>) costs a run as the runs before it
/// pile up. A run updates the manifest twice (its row in Active Workflows at the start, moved to Completed Workflows at
/// the end), and IrlExec never trims the Completed table, so each update parses and rewrites a file that grows by a row
/// per run. One operation = the two updates of one run, over a manifest that already holds
/// <see cref="CompletedRuns"/> completed rows (restored before every iteration; 16 runs per iteration add at most 16).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(16)]
public class ManifestGrowthBenchmarks
{
    private string _root = null!;
    private ExecutionLayout _layout = null!;
    private byte[] _prepared = null!;
    private int _run;

    [Params(30, 3000)]
    public int CompletedRuns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = BenchWorkflows.NewRoot("manifest");
        _layout = new ExecutionLayout(_root);
        Directory.CreateDirectory(_layout.ExecutionDirectory);
        for (var i = 0; i < CompletedRuns; i++) ExecutionManifest.Update(_layout, Run(i, ExecutionStatus.CompletedSuccess));
        _prepared = File.ReadAllBytes(_layout.ManifestFile);
        _run = CompletedRuns;
    }

    [IterationSetup]
    public void Restore() => File.WriteAllBytes(_layout.ManifestFile, _prepared);

    [GlobalCleanup]
    public void Cleanup() => BenchWorkflows.DeleteRoot(_root);

    [Benchmark(Description = "manifest updates of one run (start, end)")]
    public void OneRun()
    {
        var run = _run++;
        ExecutionManifest.Update(_layout, Run(run, ExecutionStatus.InProgress));
        ExecutionManifest.Update(_layout, Run(run, ExecutionStatus.CompletedSuccess));
    }

    private static ExecutionState Run(int number, ExecutionStatus status) => new()
    {
        ExecutionId = $"exec_{number:D6}",
        Workflow = "bench",
        RunLabel = $"bench-2026-02-08-{number:D6}",
        Status = status,
        Actor = "bench",
        StartTime = new DateTimeOffset(2026, 2, 8, 0, 0, 0, TimeSpan.Zero),
        LastUpdated = new DateTimeOffset(2026, 2, 8, 0, 1, 0, TimeSpan.Zero),
    };
}

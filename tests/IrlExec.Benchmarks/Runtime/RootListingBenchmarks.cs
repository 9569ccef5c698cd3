using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;
using IrlExec.Cli;
using IrlExec.Cli.Commands;
using IrlExec.Cli.Output;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// Issue 27: <c>irlexec list</c> and <c>irlexec status &lt;id&gt;</c> on a root of 100,000 finished executions
/// (<see cref="RootPrefill"/>), run in-process through the CLI's own entry point (the process start of a real
/// <c>irlexec</c> is not included), against the same commands on a root of 10 executions (the baseline). Target: list and
/// status under 200 ms at 100,000.
/// </summary>
[MemoryDiagnoser]
public class RootListingBenchmarks
{
    private string _root = null!;
    private string? _delete;
    private string _id = null!;

    [GlobalSetup(Targets = [nameof(List10), nameof(Status10)])]
    public void Setup10() => Prepare(_delete = RootPrefill.Get(10));

    [GlobalSetup(Targets = [nameof(List100000), nameof(List100000AfterChange), nameof(Status100000)])]
    public void Setup100000() => Prepare(RootPrefill.Get(100_000));

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_delete is not null) BenchWorkflows.DeleteRoot(_delete);
    }

    [Benchmark(Baseline = true, Description = "list, 10 executions")]
    public Task<int> List10() => Cli("list", "--root", _root);

    [Benchmark(Description = "list, 100,000 executions")]
    public Task<int> List100000() => Cli("list", "--root", _root);

    [Benchmark(Description = "list, 100,000 executions, first after a change")]
    public Task<int> List100000AfterChange()
    {
        // No stamp: as after any change in execution/state/, the folder is listed (and the stamp written again).
        File.Delete(StateListingStamp.FilePath(new ExecutionLayout(_root)));
        return Cli("list", "--root", _root);
    }

    [Benchmark(Description = "status <id>, 10 executions")]
    public Task<int> Status10() => Cli("status", _id, "--root", _root);

    [Benchmark(Description = "status <id>, 100,000 executions")]
    public Task<int> Status100000() => Cli("status", _id, "--root", _root);

    private void Prepare(string root)
    {
        _root = root;
        // The execution status is asked about: one from the middle of the root.
        var ids = Directory.EnumerateFiles(new ExecutionLayout(root).StateDirectory, "*.history.jsonl").Select(f => Path.GetFileName(f)[..^".history.jsonl".Length]).Order(StringComparer.Ordinal).ToList();
        _id = ids[ids.Count / 2];
        // Both commands must succeed on the prefilled root (the figures are of real listings, not of errors).
        if (Cli("list", "--root", _root).GetAwaiter().GetResult() != 0 || Cli("status", _id, "--root", _root).GetAwaiter().GetResult() != 0)
        {
            throw new InvalidOperationException("list or status failed on the prefilled root");
        }
    }

    private static Task<int> Cli(params string[] args) => CliApp.InvokeAsync(args, new CliConsole(TextWriter.Null, TextWriter.Null, rich: false, interactive: false));
}

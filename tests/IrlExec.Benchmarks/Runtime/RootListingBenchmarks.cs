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
/// status under 200 ms at 100,000. The rows of <c>list</c> at 100,000: on a root unchanged since the last list (the stamp
/// holds); the first after a run (a real run of <see cref="RootPrefill.Workflow"/> into the root before each list, not
/// timed: the stamp and the journal of started executions give the executions); the first after a change the journal does
/// not explain (no stamp: <c>execution/state/</c> is listed). The run row writes into its root: set
/// <c>IRLEXEC_LISTING_RUN_ROOT</c> to a copy of the 100,000 root to keep the shared one as it is.
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

    [GlobalSetup(Target = nameof(List100000AfterRun))]
    public void Setup100000AfterRun()
    {
        Prepare(Environment.GetEnvironmentVariable("IRLEXEC_LISTING_RUN_ROOT") is { Length: > 0 } copy ? copy : RootPrefill.Get(100_000));
        // A stamp that has read the journal: one run starts the journal (a prefilled root has none), then the folder is listed
        // once its time is old enough for a stamp to be taken of it (StateListingStamp.SafeAge).
        Run();
        var layout = new ExecutionLayout(_root);
        File.Delete(StateListingStamp.FilePath(layout));
        while (StateListingStamp.Read(layout) is not { JournalLength: > 0 })
        {
            Thread.Sleep(StateListingStamp.SafeAge / 4);
            if (Cli("list", "--root", _root).GetAwaiter().GetResult() != 0) throw new InvalidOperationException("list failed on the prefilled root");
        }
    }

    // Not timed: the run the next list follows (BenchmarkDotNet then calls the benchmark once per iteration).
    [IterationSetup(Target = nameof(List100000AfterRun))]
    public void RunBeforeList() => Run();

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_delete is not null) BenchWorkflows.DeleteRoot(_delete);
    }

    [Benchmark(Baseline = true, Description = "list, 10 executions")]
    public Task<int> List10() => Cli("list", "--root", _root);

    [Benchmark(Description = "list, 100,000 executions")]
    public Task<int> List100000() => Cli("list", "--root", _root);

    [Benchmark(Description = "list, 100,000 executions, first after a run")]
    public Task<int> List100000AfterRun() => Cli("list", "--root", _root);

    [Benchmark(Description = "list, 100,000 executions, first after a change")]
    public Task<int> List100000AfterChange()
    {
        // No stamp: as after a change the journal does not explain (or a maintenance command), the folder is listed (and
        // the stamp written again).
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

    private void Run()
    {
        var result = WorkflowRunner.ForDirectory(_root).RunAsync(RootPrefill.Workflow, BenchWorkflows.Variables()).GetAwaiter().GetResult();
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException($"the run ended {result.Status}");
    }

    private static Task<int> Cli(params string[] args) => CliApp.InvokeAsync(args, new CliConsole(TextWriter.Null, TextWriter.Null, rich: false, interactive: false));
}

using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// Benchmark 6, growth: the per-step cost around step <see cref="Steps"/> of one execution, in EXECUTION mode with the
/// filesystem store and every standard view writer (history append and flush, snapshot, markdown, log, active list).
/// <para>
/// Design. Running 100,000 durable steps before each measurement would take many minutes (one fsync each), so the
/// first <c>Steps - K</c> steps run once, in memory, with the real runner (<see cref="GlobalSetup"/>), which pauses the
/// execution at step <c>Steps - K + 1</c>. Each iteration copies that real history into a fresh folder, resumes the
/// execution with the filesystem runner (replaying the history and rewriting every view, as a resume does), and waits
/// until step <c>Steps - K + 1</c> blocks on a gate: all in <see cref="IterationSetup"/>, not timed. The timed part
/// opens the gate and waits until step <c>Steps + 1</c>, an extra last step, starts: exactly the K steps
/// <c>Steps - K + 1 .. Steps</c>, with every view update, deferred rewrite and catch-up that happens during them. The
/// completion (an O(size) rewrite once per execution) happens after the timed part. K is the whole run for 10 steps,
/// 500 for 1,000, and 4,000 for 100,000, which spans about one deferred whole-file rewrite period of the view rule
/// (docs/storage.md), so its amortized cost is in the figure. The "Per step" column is Mean / K. The run waits for its
/// views at every commit (<see cref="RunOptions.WaitForViews"/>): growth is about cost, so every view's work must fall
/// inside the window. <see cref="NewVariableEachStep"/> publishes a new variable at every step instead of replacing one:
/// the views then show as many variables as steps, and must still cost the same per step.
/// </para>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class GrowthBenchmarks
{
    private readonly GateHarness _harness = new();
    private WorkflowDefinition _workflow = null!;
    private IReadOnlyList<ExecutionEvent> _buildUp = null!;
    private string _executionId = null!;
    private string _root = null!;
    private Task<ExecutionResult> _resume = null!;

    [Params(10, 1_000, 100_000)]
    public int Steps { get; set; }

    /// <summary>Step N publishes <c>step_result_N</c>: a new variable at every step, so the variables grow with the run.</summary>
    [Params(false, true)]
    public bool NewVariableEachStep { get; set; }

    internal static int MeasuredSteps(int steps) => steps switch
    {
        <= 10 => steps,
        <= 1_000 => steps / 2,
        _ => 4_000,
    };

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _workflow = BenchWorkflows.Typical("growth", Steps + 1, () => new GatedStep(_harness), NewVariableEachStep);
        var store = new InMemoryExecutionStore();
        _harness.PauseAt = Steps - MeasuredSteps(Steps) + 1;
        var built = await new WorkflowRunner(store).RunAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        if (built.Status != ExecutionStatus.Paused) throw new InvalidOperationException("The build-up did not pause: " + built.Status);
        _executionId = built.ExecutionId;
        _buildUp = (await store.ReadAsync(_executionId, CancellationToken.None).ConfigureAwait(false))!;
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _root = BenchWorkflows.NewRoot("growth");
        var layout = new ExecutionLayout(_root);
        using (var store = new FileSystemExecutionStore(layout))
        {
            store.AppendAsync(_executionId, _buildUp, flushToDisk: true, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        var runner = new WorkflowRunner(new FileSystemExecutionStore(layout), StandardObservers.For(layout));
        _harness.Arm(start: Steps - MeasuredSteps(Steps) + 1, end: Steps + 1);
        // Every commit waits for the views, so that the window holds all of the K steps' view work; by default the views
        // run in the background and the last pass of the window could end after it.
        _resume = Task.Run(() => runner.ResumeAsync(_workflow, _executionId, BenchWorkflows.Variables(), new RunOptions { WaitForViews = true }));
        if (Task.WaitAny(_harness.StartReached.Task, _resume) == 1) _resume.GetAwaiter().GetResult();
        if (!_harness.StartReached.Task.IsCompleted) throw new InvalidOperationException("The resumed execution finished without reaching the gate.");
    }

    [Benchmark(Description = "K steps around step N")]
    public async Task LastSteps()
    {
        _harness.OpenStart();
        if (await Task.WhenAny(_harness.EndReached.Task, _resume).ConfigureAwait(false) == _resume)
        {
            throw new InvalidOperationException("The execution stopped before its last step: " + (await _resume.ConfigureAwait(false)).Status);
        }
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        _harness.OpenEnd();
        var result = _resume.GetAwaiter().GetResult();
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The execution did not complete: " + result.Status);
        BenchWorkflows.DeleteRoot(_root);
    }

    /// <summary>Where the build-up pauses, and the gates the resumed execution waits at.</summary>
    private sealed class GateHarness
    {
        private TaskCompletionSource _start = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int PauseAt { get; set; }

        public int StartAt { get; private set; }

        public int EndAt { get; private set; }

        public TaskCompletionSource StartReached { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource EndReached { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task StartGate => _start.Task;

        public Task EndGate => _end.Task;

        public void Arm(int start, int end)
        {
            PauseAt = 0;
            StartAt = start;
            EndAt = end;
            StartReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            EndReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _start = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void OpenStart() => _start.SetResult();

        public void OpenEnd() => _end.TrySetResult();
    }

    private sealed class GatedStep(GateHarness harness) : TypicalStep
    {
        public override async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var order = context.Step.Order;
            if (order == harness.PauseAt)
            {
                harness.PauseAt = 0;
                context.Pause("build-up done");
                return;
            }
            if (order == harness.StartAt)
            {
                harness.StartReached.TrySetResult();
                await harness.StartGate.ConfigureAwait(false);
            }
            else if (order == harness.EndAt)
            {
                harness.EndReached.TrySetResult();
                await harness.EndGate.ConfigureAwait(false);
            }
            await base.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new PerStepColumn("K", "Steps timed (K)", (_, steps) => MeasuredSteps(steps).ToString(CultureInfo.InvariantCulture)));
            AddColumn(new PerStepColumn("PerStep", "Per step", (report, steps) =>
                report?.ResultStatistics is { } stats ? $"{stats.Mean / MeasuredSteps(steps) / 1e6:F3} ms" : "NA"));
            AddColumn(new PerStepColumn("AllocPerStep", "Alloc per step", (report, steps) =>
                report is null ? "NA" : $"{report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) / (double)MeasuredSteps(steps) / 1024:F1} KB"));
        }
    }

    private sealed class PerStepColumn(string id, string name, Func<BenchmarkReport?, int, string> value) : IColumn
    {
        public string Id => id;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => false;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => name + " (the timed window covers K steps; see GrowthBenchmarks)";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            value(summary[benchmarkCase], (int)benchmarkCase.Parameters["Steps"]);
    }
}

using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// Benchmark 6, growth: the per-step cost of the last <see cref="MeasuredSteps"/> steps of an execution of
/// <see cref="Steps"/> steps, in EXECUTION mode with the filesystem store and every standard view writer (history
/// append, snapshot, active list, result, and the markdown and log writers when present).
/// <para>
/// Running 100,000 durable steps before each measurement would take minutes (one fsync each), so the first
/// <c>Steps - 10</c> steps are run once, in memory, by the real runner (<see cref="GlobalSetup"/>), which pauses the
/// execution at step <c>Steps - 9</c>. Each iteration copies that real history into a fresh folder, resumes the
/// execution with the filesystem runner, and lets it replay and reach step <c>Steps - 9</c>, where the step waits on a
/// gate (all in <see cref="IterationSetup"/>, not timed). The timed part opens the gate and waits for the execution to
/// finish: the last 10 steps, and the completion. For <c>Steps = 10</c> that is the whole execution after its creation.
/// </para>
/// </summary>
[MemoryDiagnoser]
public class GrowthBenchmarks
{
    private const int MeasuredSteps = 10;
    private readonly GateHarness _harness = new();
    private WorkflowDefinition _workflow = null!;
    private IReadOnlyList<ExecutionEvent> _buildUp = null!;
    private string _executionId = null!;
    private string _root = null!;
    private Task<ExecutionResult> _resume = null!;

    [Params(10, 1_000, 100_000)]
    public int Steps { get; set; }

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _workflow = BenchWorkflows.Typical("growth", Steps, () => new GatedStep(_harness));
        var store = new InMemoryExecutionStore();
        _harness.PauseAt = Steps - MeasuredSteps + 1;
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
        _harness.Arm(Steps - MeasuredSteps + 1);
        _resume = Task.Run(() => runner.ResumeAsync(_workflow, _executionId, BenchWorkflows.Variables()));
        if (Task.WaitAny(_harness.Reached.Task, _resume) == 1) _resume.GetAwaiter().GetResult();
        if (!_harness.Reached.Task.IsCompleted) throw new InvalidOperationException("The resumed execution finished without reaching the gate.");
    }

    [Benchmark(OperationsPerInvoke = MeasuredSteps, Description = "last 10 steps, per step")]
    public async Task LastSteps()
    {
        _harness.Open();
        var result = await _resume.ConfigureAwait(false);
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The execution did not complete: " + result.Status);
    }

    [IterationCleanup]
    public void IterationCleanup() => BenchWorkflows.DeleteRoot(_root);

    /// <summary>Where the build-up pauses, and the gate the resumed execution waits at.</summary>
    private sealed class GateHarness
    {
        private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int PauseAt { get; set; }

        public int GateAt { get; private set; }

        public TaskCompletionSource Reached { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Gate => _gate.Task;

        public void Arm(int step)
        {
            PauseAt = 0;
            GateAt = step;
            Reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Open() => _gate.SetResult();

        public void Disarm() => GateAt = 0;
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
            if (order == harness.GateAt)
            {
                harness.Disarm();
                harness.Reached.SetResult();
                await harness.Gate.ConfigureAwait(false);
            }
            await base.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }
}

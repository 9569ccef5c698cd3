using IrlExec.Tests.Support;

namespace IrlExec.Tests.Artifacts;

public class StateFileUpdatePolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 0, 45, 0, TimeSpan.Zero);

    private static WorkflowDefinition Steps(int count, Action<StepContext> body) =>
        TestWorkflow.Create("long", Enumerable.Range(1, count).Select(i => StepSpec.Sync("s" + i, (c, _) => body(c))).ToArray());

    private static int CompletedIn(string markdown) => ExecutionStateMarkdownParser.Parse(markdown).Steps.Count(s => s.Status == StepStatus.Completed);

    [Fact]
    public async Task A_plan_within_the_limit_is_rewritten_after_every_step()
    {
        using var root = new TempRoot();
        var layout = root.Layout;
        var seen = new List<int>();
        var workflow = Steps(6, c => seen.Add(CompletedIn(File.ReadAllText(layout.MarkdownFile(c.ExecutionId)))));

        await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start), new StateFileUpdatePolicy { EveryCommitUpToSteps = 6 }).RunAsync(workflow);

        Assert.Equal([0, 1, 2, 3, 4, 5], seen);
    }

    [Fact]
    public async Task A_longer_plan_is_rewritten_once_the_minimum_interval_has_passed_on_the_execution_clock()
    {
        using var root = new TempRoot();
        var layout = root.Layout;
        var clock = new ManualClock(Start);
        var seen = new List<int>();
        var workflow = Steps(12, c =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            seen.Add(CompletedIn(File.ReadAllText(layout.MarkdownFile(c.ExecutionId))));
        });
        var policy = new StateFileUpdatePolicy { EveryCommitUpToSteps = 5, MinimumInterval = TimeSpan.FromSeconds(5), CostFactor = 0 };

        await WorkflowRunner.ForDirectory(root.Path, clock, policy).RunAsync(workflow);

        Assert.Equal([0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 10, 10], seen);
    }

    [Fact]
    public async Task A_longer_plan_is_always_rewritten_at_the_end_and_the_snapshot_too()
    {
        using var root = new TempRoot();
        var policy = new StateFileUpdatePolicy { EveryCommitUpToSteps = 2, MinimumInterval = TimeSpan.FromHours(1) };

        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start), policy).RunAsync(Steps(8, _ => { }));

        Assert.Equal(8, CompletedIn(File.ReadAllText(root.Layout.MarkdownFile(result.ExecutionId))));
        Assert.Equal(ExecutionStatus.CompletedSuccess, SnapshotWriter.Read(root.Layout.SnapshotFile(result.ExecutionId)).Status);
    }

    [Fact]
    public async Task A_longer_plan_is_always_rewritten_when_it_pauses()
    {
        using var root = new TempRoot();
        var policy = new StateFileUpdatePolicy { EveryCommitUpToSteps = 2, MinimumInterval = TimeSpan.FromHours(1) };
        var step = 0;

        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start), policy).RunAsync(Steps(8, c => { if (++step == 6) c.Pause("approval"); }));

        var written = ExecutionStateMarkdownParser.ReadFile(root.Layout.MarkdownFile(result.ExecutionId));
        Assert.Equal(ExecutionStatus.Paused, written.Status);
        Assert.Equal(5, written.Steps.Count(s => s.Status == StepStatus.Completed));
    }

    [Fact]
    public async Task A_cached_re_render_is_identical_to_a_fresh_render_after_every_commit()
    {
        var renderer = new ExecutionStateMarkdownWriter.Renderer();
        var compared = 0;
        var observer = new CompareObserver(state =>
        {
            Assert.Equal(ExecutionStateMarkdownWriter.Render(state), renderer.Render(state));
            compared++;
        });
        var attempts = 0;
        var workflow = TestWorkflow.Create("cached",
            StepSpec.Sync("talk", (c, o) => { c.RecordMessage("user", "use ``` fences"); c.RecordToolCall("Bash", "echo `x`", "x"); o["a"] = "one\ntwo"; }) with { Outputs = ["a"] },
            StepSpec.Sync("flaky", (c, _) => { if (++attempts < 3) throw new IOException("try again"); c.RecordStateChange("wrote b.txt"); }) with { MaxAttempts = 3 },
            StepSpec.Sync("last", (_, o) => o["a"] = "replaced") with { Outputs = ["a"] });

        await new WorkflowRunner(new InMemoryExecutionStore(), [observer]).RunAsync(workflow);

        Assert.True(compared >= 8, $"only {compared} commits compared");
    }

    private sealed class CompareObserver(Action<ExecutionState> check) : IExecutionObserver
    {
        public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            check(state);
            return ValueTask.CompletedTask;
        }
    }
}

using System.Diagnostics;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>Background passes give the core to the running steps now and then; passes the run waits for never do.</summary>
public class BackgroundWorkTests
{
    // Calls Yield for a while (well past the slice), the way a renderer calls it once per element; returns how many
    // times it gave up the core on this thread.
    private static long RenderForAWhile()
    {
        var before = BackgroundWork.YieldsOnThisThread;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < BackgroundWork.Slice * 20) BackgroundWork.Yield();
        return BackgroundWork.YieldsOnThisThread - before;
    }

    [Fact]
    public void Outside_a_background_pass_rendering_never_gives_up_the_core()
    {
        Assert.Equal(0, RenderForAWhile());
    }

    [Fact]
    public async Task A_background_pass_gives_up_the_core_while_it_renders_and_the_pass_the_run_waits_for_does_not()
    {
        var calls = new List<(bool Creation, bool Completion, long Yields)>();
        using var creationShown = new ManualResetEventSlim();
        var observer = new RenderingObserver(records =>
        {
            var yields = RenderForAWhile();
            var creation = records.Any(r => r.Kind == ExecutionEventKind.ExecutionCreated);
            lock (calls) calls.Add((creation, records.Any(r => r.Status == ExecutionStatus.CompletedSuccess), yields));
            if (creation) creationShown.Set();
        });
        // The first step waits until the creation is shown, so that the completion's pass cannot show it instead.
        var workflow = TestWorkflow.Create("yielding",
            StepSpec.Sync("a", (_, _) => Assert.True(creationShown.Wait(TimeSpan.FromSeconds(30)))),
            StepSpec.Sync("b", (_, _) => { }));

        await new WorkflowRunner(new InMemoryExecutionStore(), [observer]).RunAsync(workflow);

        // The creation is shown by a background pass (the first steps run meanwhile); the completion, by a pass the run waits for.
        Assert.True(calls.Single(c => c.Creation).Yields > 0);
        Assert.Equal(0, calls.Single(c => c.Completion).Yields);
    }

    private sealed class RenderingObserver(Action<IReadOnlyList<ExecutionEvent>> render) : IExecutionObserver
    {
        public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            render(records);
            return ValueTask.CompletedTask;
        }
    }
}

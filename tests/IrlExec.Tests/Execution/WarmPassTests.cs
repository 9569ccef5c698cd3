using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>Tests that set the view scheduler's switches and hooks: they run alone.</summary>
[CollectionDefinition(nameof(WarmPassSwitches), DisableParallelization = true)]
public sealed class WarmPassSwitches;

/// <summary>
/// The warm pass: a run whose views have not been shown by half its steps has them rendered ahead on the idle-priority
/// thread, writing nothing; the first pass adopts what it rendered when it is complete and matches, and ignores it
/// otherwise. The views are byte for byte those of a run without it, and no pass ever waits for it.
/// </summary>
[Collection(nameof(WarmPassSwitches))]
public sealed class WarmPassTests : IDisposable
{
    private const int StepCount = 44;

    // The step that waits for the warm pass (it starts once 22 of the 44 steps have completed in the run).
    private const int WaitingStep = 32;

    private static readonly DateTimeOffset Start = new(2026, 4, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // a hang detector, far above any run's time

    private readonly bool _warmAhead = ViewScheduler.WarmAhead;
    private readonly TimeSpan _firstPassDelay = ViewScheduler.FirstPassDelay;

    public WarmPassTests()
    {
        // No background pass before the runs' ends: the first pass is the one the run waits for, as in a short run.
        ViewScheduler.FirstPassDelay = TimeSpan.FromHours(1);
        // A warm pass an earlier test's run queued has run: one at a time per process, and these runs each want theirs.
        Assert.True(IdleThread.Run(() => { }).Wait(Patience), "the idle thread did not run");
    }

    public void Dispose()
    {
        ViewScheduler.WarmAhead = _warmAhead;
        ViewScheduler.FirstPassDelay = _firstPassDelay;
        ViewScheduler.WarmStartingForTests = null;
        ViewScheduler.WarmEndedForTests = null;
        ViewScheduler.WarmAdoptedForTests = null;
    }

    // 44 steps that log, two that fail once and are retried, a variable published plainly and later as a secret, a pause at
    // `pauseAt` (unless resumed past it), the last step failing when `failLast`. `beforeStep` runs first in every step.
    private static WorkflowDefinition Workflow(ManualClock clock, Func<int, bool> pauses, bool failLast, Action<int> beforeStep) =>
        TestWorkflow.Create("warm", "render ahead", [], [.. Enumerable.Range(1, StepCount).Select(i =>
        {
            var spec = StepSpec.Sync("s" + i, (c, o) =>
            {
                beforeStep(i);
                clock.Advance(TimeSpan.FromSeconds(i));
                c.Log($"step {i} of {StepCount}: value tok-{i % 3}");
                if (pauses(i)) { c.Pause("waiting at " + i); return; }
                if (i is 10 or 35 && c.Attempt == 1) throw new IOException($"step {i} busy");
                if (i == StepCount && failLast) throw new InvalidOperationException("the last step fails");
                if (i is 3 or 40) o["token"] = "tok-1"; // plain at 3, a secret at 40: masked from then on
                if (i % 4 == 0) o["n" + i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            });
            var outputs = new List<string>();
            if (i is 3 or 40) outputs.Add("token");
            if (i % 4 == 0) outputs.Add("n" + i);
            return spec with
            {
                Outputs = outputs,
                SecretOutputs = i == 40 ? ["token"] : [],
                MaxAttempts = i is 10 or 35 ? 2 : 1,
            };
        })]);

    // Every file under root, by its path relative to root, with its bytes; not the run numbers' hint, which holds the
    // real time of its last change (not a view).
    private static SortedDictionary<string, byte[]> Files(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) != "run-numbers.txt")
            .ToDictionary(p => Path.GetRelativePath(root, p), File.ReadAllBytes), StringComparer.Ordinal);

    private static void AssertSameFiles(string expectedRoot, string actualRoot)
    {
        var expected = Files(expectedRoot);
        var actual = Files(actualRoot);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (path, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[path]), $"{path} differs: {Show(bytes)} against {Show(actual[path])}");
        }
    }

    private static string Show(byte[] bytes) => bytes.Length <= 400 ? System.Text.Encoding.UTF8.GetString(bytes) : $"{bytes.Length} bytes";

    private sealed class Runs(string kind)
    {
        public List<ExecutionStatus> Statuses { get; } = [];

        // Runs the case: a run that completes, one whose last step fails, or one that pauses at step 5 and at step 38 and
        // is resumed twice (the warm pass then renders ahead from a resumed execution's history).
        public async Task RunAsync(string root, string executionId, Action<int> beforeStep)
        {
            var clock = new ManualClock(Start);
            var runner = WorkflowRunner.ForDirectory(root, clock);
            var passed = new HashSet<int>();
            var workflow = Workflow(clock, i => kind == "pause-resume" && i is 5 or 38 && passed.Add(i), kind == "fails", beforeStep);
            var result = await runner.RunAsync(workflow, options: new RunOptions { ExecutionId = executionId, OnStepFailure = kind == "fails" ? StepFailurePolicy.FailExecution : StepFailurePolicy.PauseExecution }).WaitAsync(Patience);
            Statuses.Add(result.Status);
            while (kind == "pause-resume" && result.Status == ExecutionStatus.Paused && Statuses.Count < 3)
            {
                result = await runner.ResumeAsync(workflow, executionId).WaitAsync(Patience);
                Statuses.Add(result.Status);
            }
        }
    }

    [Theory]
    [InlineData("completes")]
    [InlineData("fails")]
    [InlineData("pause-resume")]
    public async Task The_views_are_byte_for_byte_those_of_a_run_without_the_warm_pass_which_is_adopted(string kind)
    {
        using var without = new TempRoot();
        using var with = new TempRoot();
        const string id = "exec_warm";
        ViewScheduler.WarmAhead = false;
        var plain = new Runs(kind);
        await plain.RunAsync(without.Path, id, _ => { });

        ViewScheduler.WarmAhead = true;
        using var ended = new SemaphoreSlim(0);
        var adopted = new List<(int Ahead, int After)>();
        ViewScheduler.WarmEndedForTests = (executionId, published) =>
        {
            if (executionId == id && published) ended.Release();
        };
        ViewScheduler.WarmAdoptedForTests = (executionId, ahead, after) =>
        {
            if (executionId == id) lock (adopted) adopted.Add((ahead, after));
        };
        var warmed = new Runs(kind);
        // The waiting step runs once per case (the pause-resume case's second run reaches it): the warm pass has published.
        await warmed.RunAsync(with.Path, id, i =>
        {
            if (i == WaitingStep) Assert.True(ended.Wait(Patience), "the warm pass did not publish");
        });

        Assert.Equal(plain.Statuses, warmed.Statuses);
        Assert.Equal(kind == "pause-resume" ? [ExecutionStatus.Paused, ExecutionStatus.Paused, ExecutionStatus.CompletedSuccess] : [kind == "fails" ? ExecutionStatus.CompletedFailure : ExecutionStatus.CompletedSuccess], warmed.Statuses);
        // Adopted once, by the pass at the run's end (or its pause): the records after those rendered ahead were applied then.
        var (ahead, after) = Assert.Single(adopted);
        Assert.True(ahead > 0 && after > 0, $"rendered ahead {ahead}, after {after}");
        AssertSameFiles(without.Path, with.Path);
    }

    [Fact]
    public async Task A_run_ends_with_exact_views_while_the_warm_pass_is_held_which_then_writes_nothing()
    {
        using var without = new TempRoot();
        using var with = new TempRoot();
        ViewScheduler.WarmAhead = false;
        await new Runs("completes").RunAsync(without.Path, "exec_held", _ => { });

        ViewScheduler.WarmAhead = true;
        using var started = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        using var ended = new SemaphoreSlim(0);
        var endedPublished = new List<bool>();
        var adopted = 0;
        ViewScheduler.WarmStartingForTests = executionId =>
        {
            if (executionId != "exec_held") return;
            started.Release();
            release.Wait(); // as a starved idle thread: no time to run until released
        };
        ViewScheduler.WarmEndedForTests = (executionId, published) =>
        {
            if (executionId != "exec_held") return;
            lock (endedPublished) endedPublished.Add(published);
            ended.Release();
        };
        ViewScheduler.WarmAdoptedForTests = (executionId, _, _) =>
        {
            if (executionId == "exec_held") Interlocked.Increment(ref adopted);
        };
        try
        {
            // The run goes on to its end once the warm pass has started (and is held).
            await new Runs("completes").RunAsync(with.Path, "exec_held", i =>
            {
                if (i == WaitingStep) Assert.True(started.Wait(Patience), "the warm pass did not start");
            });
            var before = Files(with.Path);
            AssertSameFiles(without.Path, with.Path);
            Assert.Equal(0, adopted);

            release.Set();
            Assert.True(await ended.WaitAsync(Patience), "the warm pass did not end");
            Assert.Equal([false], endedPublished); // too late: it rendered nothing, published nothing
            var after = Files(with.Path);
            Assert.Equal(before.Keys, after.Keys);
            foreach (var (path, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[path]), $"{path} changed after the run");

            ViewScheduler.WarmAhead = false;
            await new Runs("completes").RunAsync(without.Path, "exec_next", _ => { });
            ViewScheduler.WarmAhead = true;
            await new Runs("completes").RunAsync(with.Path, "exec_next", _ => { });
            AssertSameFiles(without.Path, with.Path);
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task A_warm_pass_that_has_not_published_by_the_runs_end_is_ignored()
    {
        // Held until the run has returned, then let go: it finds the views shown and publishes nothing; the views are exact.
        using var without = new TempRoot();
        using var with = new TempRoot();
        ViewScheduler.WarmAhead = false;
        await new Runs("fails").RunAsync(without.Path, "exec_late", _ => { });

        ViewScheduler.WarmAhead = true;
        using var release = new ManualResetEventSlim();
        using var ended = new SemaphoreSlim(0);
        var published = true;
        ViewScheduler.WarmStartingForTests = executionId =>
        {
            if (executionId == "exec_late") release.Wait();
        };
        ViewScheduler.WarmEndedForTests = (executionId, p) =>
        {
            if (executionId != "exec_late") return;
            published = p;
            ended.Release();
        };
        try
        {
            await new Runs("fails").RunAsync(with.Path, "exec_late", _ => { });
        }
        finally
        {
            release.Set();
        }
        Assert.True(await ended.WaitAsync(Patience), "the warm pass did not end");
        Assert.False(published);
        AssertSameFiles(without.Path, with.Path);
    }

    [Fact]
    public async Task While_a_warm_pass_waits_for_the_idle_thread_the_runs_that_end_meanwhile_queue_none()
    {
        using var without = new TempRoot();
        using var with = new TempRoot();
        ViewScheduler.WarmAhead = false;
        await new Runs("completes").RunAsync(without.Path, "exec_first", _ => { });
        await new Runs("completes").RunAsync(without.Path, "exec_later", _ => { });

        ViewScheduler.WarmAhead = true;
        using var started = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        var laterStarted = 0;
        ViewScheduler.WarmStartingForTests = executionId =>
        {
            if (executionId == "exec_later") Interlocked.Increment(ref laterStarted);
            if (executionId != "exec_first") return;
            started.Release();
            release.Wait(); // the idle thread gets no time until released
        };
        try
        {
            await new Runs("completes").RunAsync(with.Path, "exec_first", i =>
            {
                if (i == WaitingStep) Assert.True(started.Wait(Patience), "the first run's warm pass did not start");
            });
            await new Runs("completes").RunAsync(with.Path, "exec_later", _ => { });
        }
        finally
        {
            release.Set();
        }
        await IdleThread.Run(() => { }).WaitAsync(Patience); // everything queued before this has run

        Assert.Equal(0, laterStarted);
        AssertSameFiles(without.Path, with.Path);
    }

    [Fact]
    public async Task No_warm_pass_renders_on_an_idle_thread_that_does_not_run_at_idle_priority()
    {
        using var without = new TempRoot();
        using var with = new TempRoot();
        ViewScheduler.WarmAhead = false;
        await new Runs("completes").RunAsync(without.Path, "exec_normal", _ => { });

        await IdleThread.Run(() => { }).WaitAsync(Patience); // the thread has set its own priority by now
        var atIdlePriority = IdleThread.AtIdlePriority;
        ViewScheduler.WarmAhead = true;
        using var ended = new SemaphoreSlim(0);
        var published = true;
        var adopted = 0;
        ViewScheduler.WarmEndedForTests = (executionId, p) =>
        {
            if (executionId != "exec_normal") return;
            published = p;
            ended.Release();
        };
        ViewScheduler.WarmAdoptedForTests = (executionId, _, _) =>
        {
            if (executionId == "exec_normal") Interlocked.Increment(ref adopted);
        };
        try
        {
            IdleThread.AtIdlePriority = false; // as off Linux, or where SCHED_IDLE is refused
            await new Runs("completes").RunAsync(with.Path, "exec_normal", i =>
            {
                if (i == WaitingStep) Assert.True(ended.Wait(Patience), "the warm pass was not queued");
            });
        }
        finally
        {
            IdleThread.AtIdlePriority = atIdlePriority;
        }

        Assert.False(published);
        Assert.Equal(0, adopted);
        AssertSameFiles(without.Path, with.Path);
    }
}

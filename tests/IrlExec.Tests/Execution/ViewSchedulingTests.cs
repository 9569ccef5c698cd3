using System.Diagnostics;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// When observers (the views) see committed records: every record exactly once and in order; off the commit path by
/// default (a step does not wait for the views, which catch up in the background and are exact when the run returns);
/// at every commit when the run waits for its views; in a long execution an expensive view catches up in batches, at
/// every status change, and during a long step. The "expensive" observer sleeps at least 1 ms per call (Thread.Sleep never returns early), so it always meets the rule's cost threshold (1 ms).
/// </summary>
public sealed class ViewSchedulingTests
{
    [Fact]
    public async Task A_run_that_waits_for_its_views_shows_every_commit_to_every_observer()
    {
        var observer = new RecordingObserver(delay: TimeSpan.FromMilliseconds(1));
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [observer]);

        var result = await runner.RunAsync(Steps(20), options: new RunOptions { WaitForViews = true });

        var history = (await runner.Store.ReadAsync(result.ExecutionId, default))!;
        // The creation with the first step's start, then per step the commit of its completion with the next step's
        // start (the last one's with the completion of the execution).
        Assert.Equal(1 + 20, observer.Calls);
        Assert.Equal(history.Select(r => r.Sequence), observer.Sequences);
    }

    [Fact]
    public async Task A_long_execution_shows_an_expensive_view_every_record_once_in_order_in_fewer_calls()
    {
        var observer = new RecordingObserver(delay: TimeSpan.FromMilliseconds(1));
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [observer]);

        var result = await runner.RunAsync(Steps(700));

        var history = (await runner.Store.ReadAsync(result.ExecutionId, default))!;
        Assert.Equal(history.Select(r => r.Sequence), observer.Sequences);
        // A call per commit would be 1 + 700 (the creation with step 1's start, then each step's completion with the next start).
        Assert.True(observer.Calls < 1 + 700, $"expected fewer calls than the run has commits, got {observer.Calls}");
    }

    [Fact]
    public async Task The_last_call_of_a_deferred_view_shows_the_final_status()
    {
        var observer = new RecordingObserver(delay: TimeSpan.FromMilliseconds(1));
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [observer]);

        await runner.RunAsync(Steps(700));

        Assert.Equal(ExecutionStatus.CompletedSuccess, observer.LastStatus);
        Assert.Equal(ExecutionEventKind.StatusChanged, observer.LastRecordKind);
    }

    [Fact]
    public async Task A_deferred_view_catches_up_while_the_execution_waits_in_a_long_step()
    {
        var observer = new RecordingObserver(delay: TimeSpan.FromMilliseconds(1));
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [observer]);
        const int longStep = 700;
        var sawLongStepRunning = false;
        var steps = Enumerable.Range(1, longStep).Select(i => i < longStep
            ? StepSpec.Sync("s" + i, (_, _) => { })
            : new StepSpec("s" + i, async (_, _) =>
            {
                // Without a catch-up the view would only learn that this step started when it completes.
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (!observer.SawRunning(longStep) && DateTime.UtcNow < deadline) await Task.Delay(20);
                sawLongStepRunning = observer.SawRunning(longStep);
            })).ToArray();

        await runner.RunAsync(TestWorkflow.Create("long-step", steps));

        Assert.True(sawLongStepRunning);
    }

    [Fact]
    public async Task By_default_a_step_does_not_wait_for_the_views()
    {
        // The view blocks on its first step commit until step 3 runs: had the commits waited for the view, step 3 could
        // never run while it blocks.
        using var step3Ran = new SemaphoreSlim(0);
        var blockedUntilStep3 = false;
        var observer = new CallbackObserver((_, records) =>
        {
            if (records.Any(r => r.Kind == ExecutionEventKind.StepStarted) && !blockedUntilStep3)
            {
                blockedUntilStep3 = step3Ran.Wait(TimeSpan.FromSeconds(30));
            }
        });
        var workflow = TestWorkflow.Create("no-wait",
            StepSpec.Sync("s1", (_, _) => { }), StepSpec.Sync("s2", (_, _) => { }), StepSpec.Sync("s3", (_, _) => step3Ran.Release()));

        var result = await new WorkflowRunner(new InMemoryExecutionStore(), [observer]).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(blockedUntilStep3);
    }

    [Fact]
    public async Task A_run_s_start_does_not_wait_for_the_views()
    {
        // The view blocks on the start's commit until step 1 runs: had the start waited for the view, step 1 could never
        // run while it blocks.
        using var step1Ran = new SemaphoreSlim(0);
        var blockedUntilStep1 = false;
        var observer = new CallbackObserver((_, records) =>
        {
            if (records.Any(r => r.Kind == ExecutionEventKind.StatusChanged && r.Status == ExecutionStatus.InProgress))
            {
                blockedUntilStep1 = step1Ran.Wait(TimeSpan.FromSeconds(30));
            }
        });
        var workflow = TestWorkflow.Create("start-no-wait", StepSpec.Sync("s1", (_, _) => step1Ran.Release()));

        var result = await new WorkflowRunner(new InMemoryExecutionStore(), [observer]).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(blockedUntilStep1);
    }

    [Fact]
    public async Task The_record_that_finishes_an_execution_does_not_wait_for_the_views_of_the_steps_before_it()
    {
        // Once a pass has shown the run's start (the active list names the execution from then on), the completion is
        // appended without the views showing the steps first: they show them with it, in the one pass the run waits for.
        // The view blocks on its first later call that shows step completions until the completion is in the history: had
        // the completion waited for the views, it could not be appended while the view blocks.
        var store = new FinishWatchingStore(new InMemoryExecutionStore());
        var calls = 0;
        bool? blockedUntilFinished = null;
        var observer = new CallbackObserver((_, records) =>
        {
            if (++calls > 1 && blockedUntilFinished is null && records.Any(r => r.Kind == ExecutionEventKind.StepCompleted) && !records.Any(ViewScheduler.Finishes))
            {
                blockedUntilFinished = store.Finished.Wait(TimeSpan.FromSeconds(60));
            }
        });
        var workflow = TestWorkflow.Create("end-no-wait", Enumerable.Range(1, 10).Select(i => new StepSpec("s" + i, async (_, _) => await Task.Delay(20))).ToArray());

        var result = await new WorkflowRunner(store, [observer]).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(blockedUntilFinished is not null, "no background pass showed a step before the end");
        Assert.True(blockedUntilFinished, "the completion was appended only once the views showed the steps before it");
    }

    [Fact]
    public async Task A_runs_first_background_pass_starts_no_sooner_than_the_pass_spacing_after_the_run_began()
    {
        // A run that ends sooner writes its views once, at its end: its steps' fsyncs never meet view files being written.
        var started = Stopwatch.StartNew();
        TimeSpan? firstCall = null;
        var observer = new CallbackObserver((_, _) => firstCall ??= started.Elapsed);
        var workflow = TestWorkflow.Create("first-pass", new StepSpec("wait", async (_, _) => await Task.Delay(ViewScheduler.MinimumPassSpacing * 3)));

        await new WorkflowRunner(new InMemoryExecutionStore(), [observer]).RunAsync(workflow);

        Assert.NotNull(firstCall);
        Assert.True(firstCall >= ViewScheduler.MinimumPassSpacing, $"the views were first called {firstCall.Value.TotalMilliseconds:F1} ms after the run began");
    }

    [Fact]
    public async Task Before_a_short_run_is_finished_only_the_views_that_mark_lagging_ones_have_shown_its_start()
    {
        // No background pass before the end (the run is held in no step): at the completion's append the marking view
        // (the active list's entry) shows the start; the others get every record with the end, in one call.
        var store = new FinishWatchingStore(new InMemoryExecutionStore());
        var marker = new MarkingObserver();
        var other = new RecordingObserver(delay: TimeSpan.Zero);
        var finishedWhenMarked = new List<bool>();
        marker.OnCall = () => finishedWhenMarked.Add(store.Finished.IsSet);

        var result = await new WorkflowRunner(store, [marker, other]).RunAsync(Steps(3));

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        var history = (await store.ReadAsync(result.ExecutionId, default))!;
        Assert.Equal(history.Select(r => r.Sequence), marker.Sequences);
        Assert.Equal(history.Select(r => r.Sequence), other.Sequences);
        if (other.Calls == 1)
        {
            // The run ended before its first background pass (as it does unless the machine stalls it for 50 ms).
            Assert.Equal([false, true], finishedWhenMarked);
        }
        Assert.False(finishedWhenMarked[0], "the marking view first showed the execution after its completion was appended");
    }

    [Fact]
    public async Task A_runs_first_commit_is_shown_to_the_views_that_mark_lagging_ones_while_its_first_step_runs()
    {
        // The other view comes first and blocks in its first call until step 1 gave up waiting: had the marking view had
        // to wait for a pass (which calls the views in order), step 1 would never see it called.
        using var stepDone = new ManualResetEventSlim();
        using var marked = new ManualResetEventSlim();
        var other = new CallbackObserver((_, _) => stepDone.Wait(TimeSpan.FromSeconds(30)));
        var marker = new MarkingObserver { OnCall = marked.Set };
        var markedWhileStep1Ran = false;
        var workflow = TestWorkflow.Create("marked-at-start", StepSpec.Sync("s1", (_, _) =>
        {
            markedWhileStep1Ran = marked.Wait(TimeSpan.FromSeconds(60));
            stepDone.Set();
        }), StepSpec.Sync("s2", (_, _) => { }));

        var result = await new WorkflowRunner(new InMemoryExecutionStore(), [other, marker]).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(markedWhileStep1Ran, "the marking view was not called with the run's first commit while step 1 ran");
    }

    [Fact]
    public async Task The_other_views_show_a_runs_start_at_the_first_background_pass_even_when_nothing_was_committed_since()
    {
        // The marking view showed the first commit alone; the first step records nothing while it waits, so no commit
        // follows: the first background pass still shows the start to the other views.
        var other = new RecordingObserver(delay: TimeSpan.Zero);
        var marker = new MarkingObserver();
        var otherSawStart = false;
        var workflow = TestWorkflow.Create("start-shown", new StepSpec("s1", async (_, _) =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (other.Sequences.Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
            otherSawStart = other.Sequences.Count > 0;
        }));

        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [marker, other]);
        var result = await runner.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(otherSawStart, "the other view did not show the run's start while its first step ran");
        var history = (await runner.Store.ReadAsync(result.ExecutionId, default))!;
        Assert.Equal(history.Select(r => r.Sequence), marker.Sequences);
        Assert.Equal(history.Select(r => r.Sequence), other.Sequences);
    }

    [Fact]
    public async Task In_the_pass_a_run_waits_for_consecutive_independent_views_are_called_at_once()
    {
        // Each view waits in its call that shows the end until the other one is in its own: called one after the other,
        // neither would meet the other.
        using var both = new Barrier(2);
        var met = new System.Collections.Concurrent.ConcurrentBag<bool>();
        IExecutionObserver Meeting() => new IndependentObserver(independent: true, (_, records) =>
        {
            if (records.Any(ViewScheduler.Finishes)) met.Add(both.SignalAndWait(TimeSpan.FromSeconds(60)));
        });

        var result = await new WorkflowRunner(new InMemoryExecutionStore(), [Meeting(), Meeting()]).RunAsync(Steps(3));

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal([true, true], met);
    }

    [Fact]
    public async Task In_the_pass_a_run_waits_for_a_view_that_waits_for_the_disk_is_started_first_on_the_passes_own_thread()
    {
        // The independent view before it waits in its call that shows the end until the disk view was entered: called on
        // the pass's thread first, it would hold that thread, and the disk view would run on another one.
        using var diskEntered = new ManualResetEventSlim();
        int? passThread = null, diskThread = null;
        var waitedForDisk = false;
        var first = new CallbackObserver((_, records) =>
        {
            if (records.Any(ViewScheduler.Finishes)) passThread = Environment.CurrentManagedThreadId;
        });
        var before = new IndependentObserver(independent: true, (_, records) =>
        {
            if (records.Any(ViewScheduler.Finishes)) waitedForDisk = diskEntered.Wait(TimeSpan.FromSeconds(60));
        });
        var disk = new DiskObserver((_, records) =>
        {
            if (!records.Any(ViewScheduler.Finishes)) return;
            diskThread = Environment.CurrentManagedThreadId;
            diskEntered.Set();
        });

        var result = await new WorkflowRunner(new InMemoryExecutionStore(), [first, before, disk]).RunAsync(Steps(2));

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(waitedForDisk);
        Assert.NotNull(passThread);
        Assert.Equal(passThread, diskThread);
    }

    [Fact]
    public async Task In_the_pass_a_run_waits_for_a_views_old_files_are_freed_once_it_and_the_disk_view_returned_not_after_the_slowest_view()
    {
        // The slow view's call that shows the end waits until the fast view's old files are freed: freed only once every
        // view of the group returned, they never would be, and it gives up after a minute.
        using var freed = new ManualResetEventSlim();
        var freedBeforeSlowReturned = false;
        var fast = new FreeingObserver(freed);
        var slow = new IndependentObserver(independent: true, (_, records) =>
        {
            if (records.Any(ViewScheduler.Finishes)) freedBeforeSlowReturned = freed.Wait(TimeSpan.FromSeconds(60));
        });
        var disk = new DiskObserver((_, _) => { });

        var result = await new WorkflowRunner(new InMemoryExecutionStore(), [disk, fast, slow]).RunAsync(Steps(2));

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(freedBeforeSlowReturned);
    }

    [Fact]
    public async Task A_view_that_is_not_independent_is_called_after_the_views_before_it_returned_and_before_those_after_it()
    {
        var events = new List<string>();
        IExecutionObserver Noting(string name, bool independent) => new IndependentObserver(independent, (_, records) =>
        {
            if (!records.Any(ViewScheduler.Finishes)) return;
            lock (events) events.Add(name + " in");
            Thread.Sleep(20);
            lock (events) events.Add(name + " out");
        });

        await new WorkflowRunner(new InMemoryExecutionStore(), [Noting("a", true), Noting("b", true), Noting("c", false), Noting("d", true)]).RunAsync(Steps(2));

        Assert.Equal(["a in", "a out", "b in", "b out"], events.Take(4).Order(StringComparer.Ordinal));
        Assert.Equal(["c in", "c out", "d in", "d out"], events.Skip(4));
    }

    [Fact]
    public async Task Background_passes_call_independent_views_one_at_a_time()
    {
        var running = 0;
        var most = 0;
        IExecutionObserver Counting() => new IndependentObserver(independent: true, (_, records) =>
        {
            if (records.Any(ViewScheduler.Finishes)) return;
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(3);
            Interlocked.Decrement(ref running);
        });
        var workflow = TestWorkflow.Create("background-one-at-a-time", Enumerable.Range(1, 30).Select(i => new StepSpec("s" + i, async (_, _) => await Task.Delay(5))).ToArray());

        await new WorkflowRunner(new InMemoryExecutionStore(), [Counting(), Counting(), Counting()]).RunAsync(workflow);

        Assert.Equal(1, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    [Fact]
    public async Task Background_passes_keep_their_spacing_while_steps_commit_faster_than_a_view_writes()
    {
        // Each step takes about a millisecond and the view 5 ms per call: the commits made while a pass writes wait for
        // the next pass, which starts no sooner than MinimumPassSpacing after this one started (a pass that went on
        // showing them would call the view back to back, every 5 ms). The first background pass starts no sooner than
        // MinimumPassSpacing after the run began, so n background passes need at least n spacings of run time. The
        // bound uses only the run's own start and end: a loaded machine may delay a view's call after its pass started
        // (the gap between two calls can then be shorter than the spacing), but it cannot fit more passes in a run.
        var observer = new TimingObserver(TimeSpan.FromMilliseconds(5));
        var workflow = TestWorkflow.Create("spacing", Enumerable.Range(1, 150).Select(i => new StepSpec("s" + i, async (_, _) => await Task.Delay(1))).ToArray());

        var began = Stopwatch.GetTimestamp();
        await new WorkflowRunner(new InMemoryExecutionStore(), [observer]).RunAsync(workflow);
        var ran = Stopwatch.GetElapsedTime(began);

        var calls = observer.Calls;
        Assert.True(calls.Count >= 3, $"expected several background passes, got {calls.Count} calls");
        // Every call but the last two is a background pass: the completion waits for the views whenever it comes (and
        // also before its record is appended when no pass has shown the run's start yet).
        var backgroundPasses = calls.Count - 2;
        var most = (int)(ran / ViewScheduler.MinimumPassSpacing);
        Assert.True(backgroundPasses <= most, $"{backgroundPasses} background passes in a run of {ran.TotalMilliseconds:F0} ms: at most {most} fit when each starts {ViewScheduler.MinimumPassSpacing.TotalMilliseconds} ms after the one before");
    }

    [Fact]
    public async Task The_first_pass_which_renders_everything_from_nothing_does_not_hold_back_the_next()
    {
        // The first call takes 2 s, the others 1 ms. Spaced by ten times the first pass (as later passes are spaced by
        // theirs), the second pass would start 22 s after the first began; it starts once the first has ended instead.
        // The steps go on committing until the second call (a minute at most), so a late second pass would still come
        // before the completion. The bound leaves 9 s for a loaded machine to start the second pass late.
        var first = TimeSpan.FromSeconds(2);
        var observer = new TimingObserver(TimeSpan.FromMilliseconds(1), first);
        var workflow = TestWorkflow.Create("first-pass", Enumerable.Range(1, 6000).Select(i => new StepSpec("s" + i, async (_, _) =>
        {
            if (observer.Calls.Count < 2) await Task.Delay(10);
        })).ToArray());

        await new WorkflowRunner(new InMemoryExecutionStore(), [observer]).RunAsync(workflow);

        var calls = observer.Calls;
        Assert.True(calls.Count >= 3, $"expected a background pass between the first and the completion, got {calls.Count} calls");
        var gap = Stopwatch.GetElapsedTime(calls[0], calls[1]);
        var scaled = first * (ViewScheduler.PassSpacingFactor + 1);
        Assert.True(gap < scaled / 2, $"the second pass started {gap.TotalMilliseconds:F0} ms after the first (a spacing scaled by the first pass would make it {scaled.TotalMilliseconds:F0} ms)");
    }

    [Fact]
    public async Task Views_that_fall_behind_see_every_record_once_in_order_in_fewer_calls()
    {
        var observer = new RecordingObserver(delay: TimeSpan.FromMilliseconds(5));
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [observer]);

        var result = await runner.RunAsync(Steps(60));

        var history = (await runner.Store.ReadAsync(result.ExecutionId, default))!;
        Assert.Equal(history.Select(r => r.Sequence), observer.Sequences);
        // A call per commit would be 1 + 60.
        Assert.True(observer.Calls < 1 + 60, $"expected commits shown together while the view was writing, got {observer.Calls} calls");
    }

    [Fact]
    public async Task A_view_catches_up_while_the_next_step_runs()
    {
        using var root = new TempRoot();
        var layout = root.Layout;
        var sawFirstStepDone = false;
        var workflow = TestWorkflow.Create("catch-up",
            StepSpec.Sync("first", (_, o) => o["x"] = "1") with { Outputs = ["x"] },
            StepSpec.Sync("second", (_, _) =>
            {
                static bool FirstStepDone(string text) => text.Length > 0 && ExecutionStateMarkdownParser.Parse(text).FindStep(1)!.Status == StepStatus.Completed;
                sawFirstStepDone = FileWait.ReadTextWhen(layout.WorkspaceStateFile, FirstStepDone) is { } text && FirstStepDone(text);
            }));

        await WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow);

        Assert.True(sawFirstStepDone);
    }

    [Fact]
    public async Task Each_view_call_shows_exactly_the_committed_history_up_to_its_last_record()
    {
        var store = new InMemoryExecutionStore();
        var compared = 0;
        using var firstCallDone = new SemaphoreSlim(0);
        var observer = new CallbackObserver((state, records) =>
        {
            // Read inside the call: the history may already hold later commits; the view must show none of them.
            var committed = store.ReadAsync(state.ExecutionId, default).AsTask().GetAwaiter().GetResult()!.Where(r => r.Sequence <= records[^1].Sequence);
            var replayed = ExecutionStateProjector.Replay(committed);
            replayed.ExecutionId = state.ExecutionId;
            Assert.Equal(ExecutionStateMarkdownWriter.Render(replayed), ExecutionStateMarkdownWriter.Render(state));
            Interlocked.Increment(ref compared);
            firstCallDone.Release();
            Thread.Sleep(2); // fall behind, so that later steps record while this view renders.
        });
        var workflow = TestWorkflow.Create("exact",
            // The first step waits until the view has shown the start (in the background), so that the run's views are
            // called more than once.
            StepSpec.Sync("talk", (c, o) => { Assert.True(firstCallDone.Wait(TimeSpan.FromSeconds(30))); c.Log("said hi"); c.RecordMessage("user", "token is s3cr3t-value"); o["token"] = "s3cr3t-value"; }) with { Outputs = ["token"], SecretOutputs = ["token"] },
            StepSpec.Sync("two", (c, o) => { c.RecordStateChange("wrote a.txt"); o["a"] = "x"; }) with { Outputs = ["a"] },
            StepSpec.Sync("three", (c, _) => c.RecordToolCall("Bash", "ls", "a.txt")),
            StepSpec.Sync("four", (_, o) => o["a"] = "y") with { Outputs = ["a"] });

        var result = await new WorkflowRunner(store, [observer]).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(compared >= 2, $"only {compared} calls compared");
    }

    [Fact]
    public async Task Nothing_is_shown_after_the_run_returns()
    {
        var observer = new RecordingObserver(delay: TimeSpan.FromMilliseconds(3));
        var runner = new WorkflowRunner(new InMemoryExecutionStore(), [observer]);

        var result = await runner.RunAsync(Steps(30));
        var callsAtReturn = observer.Calls;
        var history = (await runner.Store.ReadAsync(result.ExecutionId, default))!;
        await Task.Delay(200);

        Assert.Equal(callsAtReturn, observer.Calls);
        Assert.Equal(history.Select(r => r.Sequence), observer.Sequences);
        Assert.Equal(ExecutionStatus.CompletedSuccess, observer.LastStatus);
    }

    [Fact]
    public async Task A_view_that_fails_does_not_stop_the_run_and_the_result_names_it()
    {
        var store = new InMemoryExecutionStore();
        var failing = new CallbackObserver((_, records) =>
        {
            if (records.Any(r => r.Kind == ExecutionEventKind.StepCompleted && r.Step == 2)) throw new IOException("view disk full");
        });
        var recording = new RecordingObserver(delay: TimeSpan.Zero);
        var ran = new List<int>();
        var workflow = TestWorkflow.Create("failing-view", Enumerable.Range(1, 6).Select(i => StepSpec.Sync("s" + i, (_, _) => ran.Add(i))).ToArray());

        var result = await new WorkflowRunner(store, [failing, recording]).RunAsync(workflow, options: new RunOptions { ExecutionId = "exec_failing_view" });
        var history = (await store.ReadAsync("exec_failing_view", default))!;

        // The outcome is the history's: every step ran once and the execution completed.
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal([1, 2, 3, 4, 5, 6], ran);
        Assert.Equal(ExecutionStatus.CompletedSuccess, ExecutionStateProjector.Replay(history).Status);
        // The failed view is named, and the other views went on to the end.
        var problem = Assert.Single(result.ViewProblems);
        Assert.Equal(nameof(CallbackObserver), problem.View);
        Assert.Equal("view disk full", problem.Message);
        Assert.False(problem.Repaired);
        Assert.Equal(history.Select(r => r.Sequence), recording.Sequences);
    }

    [Fact]
    public async Task A_view_that_failed_is_not_called_again_in_that_run()
    {
        var calls = 0;
        var failing = new CallbackObserver((_, _) =>
        {
            calls++;
            throw new InvalidOperationException("broken view");
        });

        var result = await new WorkflowRunner(new InMemoryExecutionStore(), [failing]).RunAsync(Steps(5), options: new RunOptions { WaitForViews = true });

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(1, calls);
        Assert.Equal("broken view", Assert.Single(result.ViewProblems).Message);
    }

    [Fact]
    public async Task Nothing_is_shown_after_a_run_that_throws_not_even_a_deferred_view_s_catch_up()
    {
        // 700 steps pass the 1,024 records after which an expensive view may wait for a catch-up (1 s later); the store
        // then fails (at its 650th append: a step's completion and the next step's start are one append, of two records), the run throws, and the catch-up must not write once the run has returned. (The run waits for its
        // views, so that each commit is a pass of its own and the view is deferred, as in a run of slow steps.)
        var observer = new RecordingObserver(delay: TimeSpan.FromMilliseconds(1));
        var store = new FailingStore(new InMemoryExecutionStore(), failAtAppend: 650);
        var runner = new WorkflowRunner(store, [observer]);

        await Assert.ThrowsAsync<IOException>(() => runner.RunAsync(Steps(700), options: new RunOptions { WaitForViews = true }));
        var callsAtReturn = observer.Calls;
        await Task.Delay(ViewScheduler.CatchUpDelay + TimeSpan.FromMilliseconds(500));

        Assert.Equal(callsAtReturn, observer.Calls);
    }

    private static WorkflowDefinition Steps(int count) =>
        TestWorkflow.Create("many-steps", Enumerable.Range(1, count).Select(i => StepSpec.Sync("s" + i, (_, _) => { })).ToArray());

    private sealed class RecordingObserver(TimeSpan delay) : IExecutionObserver
    {
        private readonly object _gate = new();
        private readonly List<long> _sequences = [];
        private readonly HashSet<int> _running = [];

        public int Calls { get; private set; }

        public IReadOnlyList<long> Sequences
        {
            get { lock (_gate) return _sequences.ToList(); }
        }

        public ExecutionStatus LastStatus { get; private set; }

        public ExecutionEventKind LastRecordKind { get; private set; }

        public bool SawRunning(int step)
        {
            lock (_gate) return _running.Contains(step);
        }

        public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            Thread.Sleep(delay); // an expensive view, like a whole-file rewrite of a long execution
            lock (_gate)
            {
                Calls++;
                _sequences.AddRange(records.Select(r => r.Sequence));
                foreach (var step in state.Steps.Where(s => s.Status == StepStatus.Running)) _running.Add(step.Order);
                LastStatus = state.Status;
                LastRecordKind = records[^1].Kind;
            }
            return ValueTask.CompletedTask;
        }
    }

    // Records when each call starts (a Stopwatch timestamp), then sleeps like a view rewriting a file.
    private sealed class TimingObserver(TimeSpan delay, TimeSpan? first = null) : IExecutionObserver
    {
        private readonly List<long> _calls = [];

        public List<long> Calls
        {
            get { lock (_calls) return _calls.ToList(); }
        }

        public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            bool isFirst;
            lock (_calls)
            {
                isFirst = _calls.Count == 0;
                _calls.Add(Stopwatch.GetTimestamp());
            }
            Thread.Sleep(isFirst && first is { } firstDelay ? firstDelay : delay);
            return ValueTask.CompletedTask;
        }
    }

    // A view that says whether it may be called at the same time as its neighbours (IIndependentView).
    private sealed class IndependentObserver(bool independent, Action<ExecutionState, IReadOnlyList<ExecutionEvent>> onCommitted) : IExecutionObserver, IIndependentView
    {
        public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            onCommitted(state, records);
            return ValueTask.CompletedTask;
        }

        public bool RunsAlongside(ExecutionState state) => independent;
    }

    // An independent view whose writes leave old files to free (IPreparesFiles): sets freed once they are freed after
    // its call that shows the end.
    private sealed class FreeingObserver(ManualResetEventSlim freed) : IExecutionObserver, IIndependentView, IPreparesFiles
    {
        private volatile bool _shownEnd;

        public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            if (records.Any(ViewScheduler.Finishes)) _shownEnd = true;
            return ValueTask.CompletedTask;
        }

        public bool RunsAlongside(ExecutionState state) => true;

        public void Prepare(string executionId)
        {
        }

        public void FreeReplaced(string executionId)
        {
            if (_shownEnd) freed.Set();
        }

        public Task FinishAsync(string executionId) => Task.CompletedTask;
    }

    // An independent view whose call waits for a flush to disk, as the manifest's does.
    private sealed class DiskObserver(Action<ExecutionState, IReadOnlyList<ExecutionEvent>> onCommitted) : IExecutionObserver, IIndependentView
    {
        public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            onCommitted(state, records);
            return ValueTask.CompletedTask;
        }

        public bool RunsAlongside(ExecutionState state) => true;

        public bool WaitsForDisk => true;
    }

    // A view that marks executions whose views may lag (as the active list does), recording what it is shown.
    private sealed class MarkingObserver : IExecutionObserver, IMarksLaggingViews
    {
        private readonly List<long> _sequences = [];

        public Action? OnCall { get; set; }

        public IReadOnlyList<long> Sequences
        {
            get
            {
                lock (_sequences) return _sequences.ToList();
            }
        }

        public bool MarksLaggingViews => true;

        public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            OnCall?.Invoke();
            lock (_sequences) _sequences.AddRange(records.Select(r => r.Sequence));
            return ValueTask.CompletedTask;
        }
    }

    private sealed class CallbackObserver(Action<ExecutionState, IReadOnlyList<ExecutionEvent>> onCommitted) : IExecutionObserver
    {
        public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            onCommitted(state, records);
            return ValueTask.CompletedTask;
        }
    }

    // Set once a record that finishes an execution is in the history.
    private sealed class FinishWatchingStore(IExecutionStore inner) : DelegatingStore(inner)
    {
        public ManualResetEventSlim Finished { get; } = new();

        public override async ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken)
        {
            await Inner.AppendAsync(executionId, records, flushToDisk, cancellationToken);
            if (records.Any(ViewScheduler.Finishes)) Finished.Set();
        }
    }

    private sealed class FailingStore(IExecutionStore inner, int failAtAppend) : DelegatingStore(inner)
    {
        private int _appends;

        public override ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken) =>
            ++_appends == failAtAppend ? throw new IOException("disk gone") : Inner.AppendAsync(executionId, records, flushToDisk, cancellationToken);
    }
}

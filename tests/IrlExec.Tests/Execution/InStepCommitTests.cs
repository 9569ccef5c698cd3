using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// What a running step records (log lines, tool calls, state changes, messages) reaches the history, and the log file,
/// while the step still runs (docs/storage.md, "Durability rules"); a process killed then keeps it. The real-process
/// proof (SIGKILL) is in IrlExec.EndToEnd.Tests.
/// </summary>
public sealed class InStepCommitTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_log_line_of_a_running_step_is_in_the_history_before_the_step_returns()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? id = null;
        bool? inHistoryWhileRunning = null;
        var workflow = TestWorkflow.Create("long-step", new StepSpec("wait", async (c, _) =>
        {
            id = c.ExecutionId;
            c.Log("working on it");
            c.RecordToolCall("Bash", "ls", "a b");
            inHistoryWhileRunning = await WaitUntilAsync(async () => (await store.ReadAsync(c.ExecutionId, default))!
                .Any(r => r.Kind == ExecutionEventKind.LogWritten && r.Message == "working on it"));
            await release.Task;
        }));

        var run = runner.RunAsync(workflow);
        await WaitUntilAsync(() => Task.FromResult(inHistoryWhileRunning is not null));
        var history = await store.ReadAsync(id!, default);
        release.SetResult();
        var result = await run;

        Assert.True(inHistoryWhileRunning);
        Assert.Contains(history!, r => r.Kind == ExecutionEventKind.ToolCallRecorded && r.Name == "Bash");
        Assert.DoesNotContain(history!, r => r.Kind is ExecutionEventKind.StepCompleted or ExecutionEventKind.StepFailed);
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
    }

    [Fact]
    public async Task Each_running_step_commits_its_lines_whether_steps_before_it_recorded_or_not()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var seen = new List<bool>();
        StepSpec Logging(string name) => new(name, async (c, _) =>
        {
            c.Log(name + " working");
            seen.Add(await WaitUntilAsync(async () => (await store.ReadAsync(c.ExecutionId, default))!
                .Any(r => r.Kind == ExecutionEventKind.LogWritten && r.Message == name + " working")));
        });
        // Quiet steps first and between: the first logging step makes the session's timer, the second finds it made.
        var workflow = TestWorkflow.Create("quiet-then-talk", StepSpec.Sync("quiet1", (_, _) => { }), Logging("talk1"),
            StepSpec.Sync("quiet2", (_, _) => { }), Logging("talk2"));

        var result = await runner.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal([true, true], seen);
    }

    [Fact]
    public async Task Records_committed_while_the_step_ran_are_in_the_history_once_and_in_order()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var workflow = TestWorkflow.Create("many-lines", new StepSpec("talk", async (c, _) =>
        {
            for (var i = 0; i < 20; i++)
            {
                c.Log("line " + i);
                await Task.Delay(30);
            }
        }), StepSpec.Sync("after", (c, _) => c.Log("next step")));

        var result = await runner.RunAsync(workflow);

        var history = (await store.ReadAsync(result.ExecutionId, default))!;
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "line " + i).Append("next step"),
            history.Where(r => r.Kind == ExecutionEventKind.LogWritten).Select(r => r.Message));
        Assert.Equal(result.State.ExecutionId, ExecutionStateProjector.Replay(history).ExecutionId);
    }

    [Fact]
    public async Task A_log_line_of_a_running_step_is_in_the_log_file_before_the_step_returns()
    {
        var runner = WorkflowRunner.ForDirectory(_root.Path);
        string? seen = null;
        var workflow = TestWorkflow.Create("long-step", new StepSpec("wait", async (c, _) =>
        {
            c.Log(ExecutionLogLevel.Warn, "still waiting for the upstream service");
            // The run's own log file: the only one under this root.
            var log = Assert.Single(Directory.GetFiles(_root.Layout.LogsDirectory, "*.log"));
            await WaitUntilAsync(() =>
            {
                seen = File.ReadAllText(log);
                return Task.FromResult(seen?.Contains("still waiting for the upstream service", StringComparison.Ordinal) == true);
            });
        }));

        var result = await runner.RunAsync(workflow);

        Assert.NotNull(seen);
        Assert.Contains("[WARN] [long-step] [wait] still waiting for the upstream service", seen);
        Assert.DoesNotContain("Step 1 completed", seen);
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
    }

    [Fact]
    public async Task A_step_with_a_secret_output_keeps_its_records_until_it_returns_and_they_are_masked()
    {
        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        var beforeReturn = new List<ExecutionEvent>();
        var workflow = TestWorkflow.Create("mint-key", new StepSpec("mint", async (c, o) =>
        {
            o["api_key"] = "minted-key-7f3a9";
            c.Log("minted minted-key-7f3a9");
            // Well past the background commit's delay: a step without secret outputs would be in the history by now.
            await Task.Delay(ExecutionSession.InStepCommitDelay * 5);
            beforeReturn.AddRange((await store.ReadAsync(c.ExecutionId, default))!);
        }) with { Outputs = ["api_key"], SecretOutputs = ["api_key"] });

        var result = await runner.RunAsync(workflow);

        Assert.DoesNotContain(beforeReturn, r => r.Kind == ExecutionEventKind.LogWritten);
        var history = (await store.ReadAsync(result.ExecutionId, default))!;
        var line = Assert.Single(history, r => r.Kind == ExecutionEventKind.LogWritten);
        Assert.Equal("minted ***", line.Message);
    }

    [Fact]
    public async Task A_step_that_records_nothing_while_it_runs_commits_only_its_start_and_end()
    {
        var store = new CountingStore();
        var runner = new WorkflowRunner(store);
        var workflow = TestWorkflow.Create("quiet", new StepSpec("sleep", async (_, _) => await Task.Delay(ExecutionSession.InStepCommitDelay * 3)));

        await runner.RunAsync(workflow);

        // The creation with the step's start, the step's end with the execution's completion.
        Assert.Equal(2, store.Appends);
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(10);
        }
        return false;
    }

    private sealed class CountingStore() : DelegatingStore(new InMemoryExecutionStore())
    {
        public int Appends { get; private set; }

        public override ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken)
        {
            Appends++;
            return Inner.AppendAsync(executionId, records, flushToDisk, cancellationToken);
        }
    }
}

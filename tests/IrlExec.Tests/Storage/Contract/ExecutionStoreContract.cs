using System.Buffers;
using System.Text;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage.Contract;

/// <summary>
/// What every <see cref="IExecutionStore"/> must do, whatever keeps its histories: the filesystem store and the
/// PostgreSQL store each run this suite (FileSystemStoreContractTests, PostgreSqlStoreContractTests). "Another process"
/// is a second store instance over the same files or database.
/// </summary>
public abstract class ExecutionStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 2, 8, 10, 0, 0, TimeSpan.Zero);
    private readonly List<IExecutionStore> _opened = [];

    /// <summary>The store under test, over a fresh, empty backing (folder, database schema).</summary>
    protected IExecutionStore Store { get; private set; } = null!;

    /// <summary>Creates the fresh backing and a first store over it (skips the test when the backing is unavailable).</summary>
    protected abstract Task<IExecutionStore> CreateStoreAsync();

    /// <summary>A second store over the same backing, as another process on another machine would open it.</summary>
    protected abstract IExecutionStore OpenAnother();

    /// <summary>Closes a store.</summary>
    protected abstract ValueTask CloseAsync(IExecutionStore store);

    /// <summary>Removes the backing.</summary>
    protected abstract Task DeleteBackingAsync();

    /// <summary>
    /// Makes the holder of <paramref name="lease"/> (taken through <paramref name="holder"/>) die, the way a killed worker
    /// does, and returns once its lease can be taken by others (the file lock closed with the process; the database
    /// lease expired).
    /// </summary>
    protected abstract Task KillHolderAsync(IExecutionStore holder, IAsyncDisposable lease);

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        _opened.Add(Store);
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened) await CloseAsync(store);
        await DeleteBackingAsync();
    }

    private IExecutionStore Another()
    {
        var store = OpenAnother();
        _opened.Add(store);
        return store;
    }

    [SkippableFact]
    public async Task Reading_an_unknown_execution_gives_null()
    {
        Assert.Null(await Store.ReadAsync("exec_unknown", default));
    }

    [SkippableFact]
    public async Task Appended_records_read_back_in_order_byte_for_byte()
    {
        var records = Records(1, 6);
        await using (await Store.AcquireLeaseAsync("exec_a", default))
        {
            await Store.AppendAsync("exec_a", records, flushToDisk: true, default);
        }

        var read = await Store.ReadAsync("exec_a", default);

        Assert.NotNull(read);
        Assert.Equal(records.Select(Line), read.Select(Line));
    }

    [SkippableFact]
    public async Task Appends_of_several_batches_flushed_or_not_read_back_as_one_history()
    {
        await using (await Store.AcquireLeaseAsync("exec_b", default))
        {
            await Store.AppendAsync("exec_b", Records(1, 3), flushToDisk: true, default);
            await Store.AppendAsync("exec_b", Records(4, 1), flushToDisk: false, default);
            await Store.AppendAsync("exec_b", Records(5, 4), flushToDisk: true, default);
        }

        var read = (await Another().ReadAsync("exec_b", default))!;

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), read.Select(r => r.Sequence));
        Assert.Equal(Records(1, 8).Select(Line), read.Select(Line));
    }

    [SkippableFact]
    public async Task A_record_of_a_megabyte_and_characters_outside_ascii_round_trip()
    {
        var message = string.Concat(Enumerable.Repeat("é漢𝄞\"\\\n\t", 100_000));
        var record = new ExecutionEvent { Sequence = 1, Timestamp = Day, Kind = ExecutionEventKind.LogWritten, Level = ExecutionLogLevel.Info, Message = message };
        await using (await Store.AcquireLeaseAsync("exec_big", default))
        {
            await Store.AppendAsync("exec_big", [record], flushToDisk: true, default);
        }

        var read = await Another().ReadAsync("exec_big", default);

        Assert.Equal(message, Assert.Single(read!).Message);
    }

    [SkippableFact]
    public async Task The_list_holds_every_execution_with_a_history_in_ordinal_order()
    {
        foreach (var id in new[] { "exec_b", "exec_C", "exec_a" })
        {
            await using var lease = await Store.AcquireLeaseAsync(id, default);
            await Store.AppendAsync(id, [Created(id)], flushToDisk: true, default);
        }

        var ids = await Another().ListAsync(default);

        Assert.Equal(["exec_C", "exec_a", "exec_b"], ids);
    }

    [SkippableFact]
    public async Task Run_labels_count_from_001_per_workflow_and_day()
    {
        Assert.Equal("report-2026-02-08-001", await Store.ReserveRunLabelAsync("report", Day, default));
        Assert.Equal("report-2026-02-08-002", await Store.ReserveRunLabelAsync("report", Day, default));
        Assert.Equal("other-2026-02-08-001", await Store.ReserveRunLabelAsync("other", Day, default));
        Assert.Equal("report-2026-02-09-001", await Store.ReserveRunLabelAsync("report", Day.AddDays(1), default));
        Assert.Equal("report-2026-02-08-003", await Another().ReserveRunLabelAsync("report", Day, default));
    }

    [SkippableFact]
    public async Task Run_labels_reserved_at_once_by_two_processes_are_all_different()
    {
        var stores = new[] { Store, Another() };
        var tasks = Enumerable.Range(0, 40).Select(i => Task.Run(async () => await stores[i % 2].ReserveRunLabelAsync("report", Day, default))).ToList();

        var labels = await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(1, 40).Select(n => $"report-2026-02-08-{n:000}"), labels.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task A_workflow_name_that_could_escape_a_folder_gets_no_run_label()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.ReserveRunLabelAsync("../etc", Day, default));
    }

    [SkippableFact]
    public async Task An_execution_id_that_could_escape_a_folder_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AcquireLeaseAsync("../exec", default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync("a/../../b", Records(1, 1), true, default));
    }

    [SkippableFact]
    public async Task A_held_lease_cannot_be_taken_by_another_process()
    {
        await using var lease = await Store.AcquireLeaseAsync("exec_l", default);

        var refused = await Assert.ThrowsAsync<ExecutionLeaseException>(async () => await Another().AcquireLeaseAsync("exec_l", default));

        Assert.Equal("exec_l", refused.ExecutionId);
    }

    [SkippableFact]
    public async Task A_held_lease_cannot_be_taken_twice_through_the_same_store()
    {
        await using var lease = await Store.AcquireLeaseAsync("exec_l", default);

        await Assert.ThrowsAsync<ExecutionLeaseException>(async () => await Store.AcquireLeaseAsync("exec_l", default));
    }

    [SkippableFact]
    public async Task A_released_lease_can_be_taken_by_another_process_which_continues_the_history()
    {
        await using (await Store.AcquireLeaseAsync("exec_r", default))
        {
            await Store.AppendAsync("exec_r", Records(1, 2), flushToDisk: true, default);
        }
        var other = Another();

        await using (await other.AcquireLeaseAsync("exec_r", default))
        {
            await other.AppendAsync("exec_r", Records(3, 2), flushToDisk: true, default);
        }

        Assert.Equal(Records(1, 4).Select(Line), (await Store.ReadAsync("exec_r", default))!.Select(Line));
    }

    [SkippableFact]
    public async Task The_lease_of_a_holder_that_died_is_taken_over_by_another_process()
    {
        var holder = Another();
        var lease = await holder.AcquireLeaseAsync("exec_d", default);
        await holder.AppendAsync("exec_d", Records(1, 2), flushToDisk: true, default);

        await KillHolderAsync(holder, lease);

        await using (await Store.AcquireLeaseAsync("exec_d", default))
        {
            await Store.AppendAsync("exec_d", Records(3, 1), flushToDisk: true, default);
        }
        Assert.Equal(3, (await Store.ReadAsync("exec_d", default))!.Count);
    }

    [SkippableFact]
    public async Task Many_executions_appended_at_once_keep_their_histories_apart()
    {
        var ids = Enumerable.Range(0, 16).Select(i => $"exec_{i:00}").ToList();
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            await using var lease = await Store.AcquireLeaseAsync(id, default);
            for (var sequence = 1; sequence <= 20; sequence++)
            {
                await Store.AppendAsync(id, [Log(sequence, id + ":" + sequence)], flushToDisk: sequence % 2 == 0, default);
            }
        })));

        foreach (var id in ids)
        {
            var read = (await Another().ReadAsync(id, default))!;
            Assert.Equal(Enumerable.Range(1, 20).Select(s => id + ":" + s), read.Select(r => r.Message));
        }
    }

    [SkippableFact]
    public async Task A_run_interrupted_by_a_failing_step_is_resumed_by_another_process_to_completion()
    {
        var failOnce = true;
        var executed = new List<string>();
        var workflow = TestWorkflow.Create("contract-run",
            StepSpec.Sync("first", (_, o) => { executed.Add("first"); o["a"] = "1"; }) with { Outputs = ["a"] },
            StepSpec.Sync("second", (_, _) =>
            {
                executed.Add("second");
                if (failOnce)
                {
                    failOnce = false;
                    throw new InvalidOperationException("not yet");
                }
            }));
        var first = await new WorkflowRunner(Store).RunAsync(workflow, options: new RunOptions { ExecutionId = "exec_run" });
        Assert.Equal(ExecutionStatus.Paused, first.Status);

        var resumed = await new WorkflowRunner(Another()).ResumeAsync(workflow, "exec_run");

        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
        Assert.Equal(["first", "second", "second"], executed);
        var replayed = ExecutionStateProjector.Replay((await Store.ReadAsync("exec_run", default))!);
        Assert.Equal(ExecutionStatus.CompletedSuccess, replayed.Status);
        Assert.Matches(@"^contract-run-\d{4}-\d{2}-\d{2}-001$", replayed.RunLabel);
        Assert.Equal(["exec_run"], await Store.ListAsync(default));
    }

    [SkippableFact]
    public async Task Posted_signals_are_kept_in_posting_order_until_removed_and_seen_by_another_process()
    {
        var first = new PendingSignal { Id = "a1", Name = "approval", Json = "{\"by\":\"ü\"}", Sender = "human:samson", SentAt = Day };
        var second = new PendingSignal { Id = "b2", Name = "budget", Json = "12.5", SentAt = Day.AddSeconds(1) };
        await Store.PostSignalAsync("exec_signals", second, default);
        await Store.PostSignalAsync("exec_signals", first, default);

        var seen = await Another().ReadPendingSignalsAsync("exec_signals", default);

        Assert.Equal(["a1", "b2"], seen.Select(s => s.Id));
        Assert.Equal(("approval", "{\"by\":\"ü\"}", "human:samson", Day), (seen[0].Name, seen[0].Json, seen[0].Sender, seen[0].SentAt));
        Assert.Null(seen[1].Sender);
        await Store.RemovePendingSignalsAsync("exec_signals", [seen[0]], default);
        Assert.Equal(["b2"], (await Another().ReadPendingSignalsAsync("exec_signals", default)).Select(s => s.Id));
        Assert.Empty(await Store.ReadPendingSignalsAsync("exec_other", default));
    }

    [SkippableFact]
    public async Task A_signal_sent_through_another_store_reaches_a_step_waiting_for_it()
    {
        var plan = new StepPlan { Order = 1, Name = "wait", Signals = [new StepSignalPlan { Name = "go" }] };
        string? payload = null;
        var workflow = new WorkflowDefinition(new WorkflowPlan { Name = "contract-signal", Steps = [plan] }, [StepDefinition.Create(plan, () => new SignalStep(p => payload = p))]);
        var paused = await new WorkflowRunner(Store).RunAsync(workflow, options: new RunOptions { ExecutionId = "exec_wait" });

        var delivery = await new WorkflowRunner(Another()).SignalAsync("exec_wait", "go", "\"now\"");
        var done = await new WorkflowRunner(Store).ResumeAsync(workflow, "exec_wait");

        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        Assert.Equal(SignalDelivery.Recorded, delivery);
        Assert.Equal(ExecutionStatus.CompletedSuccess, done.Status);
        Assert.Equal("now", payload);
        Assert.Empty(await Store.ReadPendingSignalsAsync("exec_wait", default));
    }

    private sealed class SignalStep(Action<string> seen) : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (context.WaitForSignal("go")) return ValueTask.CompletedTask;
            context.TryGetSignal("go", JsonTypes.String, out var value);
            seen(value);
            return ValueTask.CompletedTask;
        }
    }

    // Records numbered from..from+count-1, of the kinds a step commits.
    private static List<ExecutionEvent> Records(int from, int count) =>
        Enumerable.Range(from, count).Select(i => (i % 3) switch
        {
            0 => new ExecutionEvent { Sequence = i, Timestamp = Day.AddSeconds(i), Kind = ExecutionEventKind.StepStarted, Step = i, Attempt = 1, Values = [new NamedValue("input", "value " + i)] },
            1 => Log(i, "line " + i),
            _ => new ExecutionEvent { Sequence = i, Timestamp = Day.AddSeconds(i), Kind = ExecutionEventKind.StepCompleted, Step = i, Attempt = 1, Cost = 0.01m * i, Seconds = 0.5, Values = [new NamedValue("output", "ü " + i)] },
        }).ToList();

    private static ExecutionEvent Log(int sequence, string message) =>
        new() { Sequence = sequence, Timestamp = Day.AddSeconds(sequence), Kind = ExecutionEventKind.LogWritten, Level = ExecutionLogLevel.Info, Message = message };

    private static ExecutionEvent Created(string id) =>
        new() { Sequence = 1, Timestamp = Day, Kind = ExecutionEventKind.ExecutionCreated, ExecutionId = id, Workflow = "report", RunLabel = "report-2026-02-08-001", Mode = ExecutionMode.Execution, Goal = "g" };

    private static string Line(ExecutionEvent record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        HistoryCodec.Encode(record, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

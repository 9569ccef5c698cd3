using System.Diagnostics;
using IrlExec.Tests.Support;

namespace IrlExec.PostgreSql.Tests;

/// <summary>
/// What an execution costs in statements (round trips) on PostgreSQL, counted from Npgsql's own tracing (one activity per
/// command or batch sent): a run makes one statement per step, a claim one statement for its leases however many it
/// takes, and a claimed start's run reads nothing before it starts.
/// </summary>
public sealed class RoundTripTests : StoreFixture
{
    [SkippableFact]
    public async Task A_run_costs_one_statement_per_step_and_a_fixed_few_around_them()
    {
        var store = Open();
        await store.EnsureSchemaAsync();
        var workflow = TestWorkflow.Create("pg-trips", StepSpec.Sync("a", (c, o) => { c.Log("a"); o["x"] = "1"; }) with { Outputs = ["x"] },
            StepSpec.Sync("b", (c, _) => c.Log("b")), StepSpec.Sync("c", (_, _) => { }), StepSpec.Sync("d", (_, _) => { }));

        using var statements = new StatementCounter(Schema);
        var result = await new WorkflowRunner(store).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        // The lease with the check that the id is new and the run label (one round trip), the creation with the first
        // start, then one per step (its completion with the next start; the last with the end, which gives the lease up).
        // No read of the signal inbox: a new execution's steps take no signal.
        Assert.Equal(["begin", "append", "append", "append", "append", "append+release"], statements.Kinds);
        Assert.Equal(0L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.leases WHERE execution_id = $1", result.ExecutionId));
    }

    [SkippableFact]
    public async Task A_claimed_start_costs_one_statement_before_its_creation()
    {
        var store = Open();
        var queue = new PostgreSqlWorkQueue(store);
        var workflow = TestWorkflow.Create("pg-claimed-trips", StepSpec.Sync("a", (_, _) => { }), StepSpec.Sync("b", (_, _) => { }));
        await queue.EnqueueStartAsync("pg-claimed-trips", "exec_claimed_trips");
        Assert.Single(await queue.ClaimAsync(1, ["pg-claimed-trips"]));

        using var statements = new StatementCounter(Schema);
        var result = await new WorkflowRunner(store).RunAsync(workflow, null, new RunOptions { ExecutionId = "exec_claimed_trips" });

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        // The claim took the lease: the check that the id is new and the run label are one statement.
        Assert.Equal(["begin", "append", "append", "append+release"], statements.Kinds);
    }

    [SkippableFact]
    public async Task A_start_with_the_id_of_an_execution_that_exists_is_refused_and_reserves_nothing()
    {
        var store = Open();
        var workflow = TestWorkflow.Create("pg-exists", StepSpec.Sync("a", (_, _) => { }));
        await new WorkflowRunner(store).RunAsync(workflow, null, new RunOptions { ExecutionId = "exec_exists_1" });
        var labels = await PostgresServer.ScalarAsync<int>($"SELECT last_number FROM {Schema}.run_labels WHERE workflow = 'pg-exists'");
        var records = (await store.ReadAsync("exec_exists_1", default))!.Count;

        var refused = await Assert.ThrowsAsync<ExecutionExistsException>(() => new WorkflowRunner(store).RunAsync(workflow, null, new RunOptions { ExecutionId = "exec_exists_1" }));

        Assert.Equal("exec_exists_1", refused.ExecutionId);
        Assert.Equal(labels, await PostgresServer.ScalarAsync<int>($"SELECT last_number FROM {Schema}.run_labels WHERE workflow = 'pg-exists'"));
        Assert.Equal(0L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.leases WHERE execution_id = 'exec_exists_1'"));
        Assert.Equal(records, (await store.ReadAsync("exec_exists_1", default))!.Count);
    }

    [SkippableFact]
    public async Task A_claim_takes_all_its_leases_in_one_statement()
    {
        var store = Open();
        var queue = new PostgreSqlWorkQueue(store);
        await store.EnsureSchemaAsync();
        for (var i = 0; i < 6; i++) await queue.EnqueueStartAsync("pg-claims", $"exec_claim_{i}");

        int one, five;
        using (var statements = new StatementCounter(Schema))
        {
            Assert.Single(await queue.ClaimAsync(1, ["pg-claims"]));
            one = statements.Kinds.Count;
        }
        using (var statements = new StatementCounter(Schema))
        {
            Assert.Equal(5, (await queue.ClaimAsync(5, ["pg-claims"])).Select(c => c.Epoch).Distinct().Count());
            five = statements.Kinds.Count;
        }

        Assert.Equal(one, five);
        Assert.Equal(6L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.leases WHERE execution_id LIKE 'exec_claim_%'"));
    }

    [SkippableFact]
    public async Task A_claimed_start_leaves_the_queue_when_its_claim_completes_after_the_execution_exists()
    {
        var store = Open();
        var queue = new PostgreSqlWorkQueue(store);
        var workflow = TestWorkflow.Create("pg-dequeue", StepSpec.Sync("a", (_, _) => { }));
        await queue.EnqueueStartAsync("pg-dequeue", "exec_dequeue_1");
        var claim = Assert.Single(await queue.ClaimAsync(1, ["pg-dequeue"]));

        var result = await new WorkflowRunner(store).RunAsync(workflow, null, new RunOptions { ExecutionId = "exec_dequeue_1" });
        await queue.CompleteAsync(claim);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.False(await queue.IsQueuedAsync("exec_dequeue_1"));
    }

    [SkippableFact]
    public async Task A_claimed_start_whose_creation_is_refused_stays_queued()
    {
        var store = Open();
        var queue = new PostgreSqlWorkQueue(store);
        var workflow = TestWorkflow.Create("pg-refused", StepSpec.Sync("a", (_, _) => { }));
        await queue.EnqueueStartAsync("pg-refused", "exec_refused_1");
        Assert.Single(await queue.ClaimAsync(1, ["pg-refused"]));
        await ExpireLeaseAsync("exec_refused_1"); // the worker stalled past its claim's lease before creating the execution

        await Assert.ThrowsAsync<ExecutionLeaseLostException>(() => new WorkflowRunner(store).RunAsync(workflow, null, new RunOptions { ExecutionId = "exec_refused_1" }));

        Assert.True(await queue.IsQueuedAsync("exec_refused_1"));
        Assert.Null(await store.ReadAsync("exec_refused_1", default));
    }

    // The statements sent on this test's schema, by kind, from Npgsql's activities (one per command or batch).
    private sealed class StatementCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly List<string> _kinds = [];

        public StatementCounter(string schema)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    var text = (a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement")) as string;
                    if (text is null || !text.Contains(schema + ".", StringComparison.Ordinal)) return;
                    lock (_kinds) _kinds.Add(KindOf(text));
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<string> Kinds
        {
            get
            {
                lock (_kinds) return [.. _kinds];
            }
        }

        private static string KindOf(string text) =>
            text.Contains(".run_labels", StringComparison.Ordinal) && text.Contains(".history WHERE", StringComparison.Ordinal) ? "begin"
            : text.Contains(".history (execution_id, sequence, record)", StringComparison.Ordinal)
                ? (text.Contains("DELETE FROM", StringComparison.Ordinal) && text.Contains(".leases", StringComparison.Ordinal) ? "append+release" : "append")
            : text.Contains("FROM ", StringComparison.Ordinal) && text.Contains(".history WHERE", StringComparison.Ordinal) ? "read"
            : text.Contains(".run_labels", StringComparison.Ordinal) ? "label"
            : text.Contains("DELETE FROM", StringComparison.Ordinal) && text.Contains(".leases WHERE", StringComparison.Ordinal) ? "release"
            : text.Contains("INSERT INTO", StringComparison.Ordinal) && text.Contains(".leases", StringComparison.Ordinal) ? "lease"
            : text.Contains(".signals", StringComparison.Ordinal) ? "signals"
            : text.Length > 40 ? text[..40] : text;

        public void Dispose() => _listener.Dispose();
    }
}

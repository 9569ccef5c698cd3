using IrlExec.Tests.Support;

namespace IrlExec.PostgreSql.Tests;

/// <summary>
/// The runner's commits on PostgreSQL (docs/postgresql.md, "Scaling guidance"): one transaction creates the execution and
/// starts its first step, one ends a step and starts the next, so a step costs one round trip; the rows of one transaction
/// share their <c>xmin</c>.
/// </summary>
public sealed class StepCommitTests : StoreFixture
{
    [SkippableFact]
    public async Task A_step_s_completion_and_the_next_step_s_start_are_one_transaction()
    {
        var store = Open();
        var workflow = TestWorkflow.Create("pg-steps",
            StepSpec.Sync("a", (c, o) => o["x"] = "1") with { Outputs = ["x"] },
            StepSpec.Sync("b", (c, _) => c.Log("working")),
            StepSpec.Sync("c", (_, _) => { }));

        var result = await new WorkflowRunner(store).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(
            "ExecutionCreated, StatusChanged, StepStarted 1 | VariableSet, StepCompleted 1, StepStarted 2 | LogWritten, StepCompleted 2, StepStarted 3 | StepCompleted 3, StatusChanged",
            await TransactionsAsync(result.ExecutionId));
    }

    [SkippableFact]
    public async Task A_worker_whose_lease_was_taken_over_cannot_commit_a_completion_with_the_next_start()
    {
        var store = Open(owner: "zombie");
        var successor = Open(owner: "successor");
        IAsyncDisposable? successorLease = null;
        var workflow = TestWorkflow.Create("pg-fenced",
            StepSpec.Sync("a", (_, _) => { }),
            new StepSpec("b", async (c, _) =>
            {
                // The worker stalls past its lease mid-step and another takes the execution over.
                await ExpireLeaseAsync(c.ExecutionId);
                successorLease = await successor.AcquireLeaseAsync(c.ExecutionId, default);
            }),
            StepSpec.Sync("c", (_, _) => { }));

        await Assert.ThrowsAsync<ExecutionLeaseLostException>(() => new WorkflowRunner(store).RunAsync(workflow));

        var id = Assert.Single(await store.ListAsync(default));
        // Step 2's completion, and step 3's start with it, were refused together: the history ends with step 2's start.
        Assert.Equal("ExecutionCreated, StatusChanged, StepStarted 1 | StepCompleted 1, StepStarted 2", await TransactionsAsync(id));
        Assert.Equal(1L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.refused_appends WHERE execution_id = $1 AND owner = 'zombie'", id));
        await successorLease!.DisposeAsync();
    }

    // The history's records grouped by the transaction that inserted them, in order: "kind step, ... | ...".
    private Task<string> TransactionsAsync(string executionId) => PostgresServer.ScalarAsync<string>($"""
        SELECT string_agg(kinds, ' | ' ORDER BY first) FROM (
            SELECT min(sequence) AS first, string_agg(
                (convert_from(record, 'UTF8')::jsonb ->> 'kind')
                || CASE WHEN (convert_from(record, 'UTF8')::jsonb ->> 'kind') LIKE 'Step%' THEN ' ' || (convert_from(record, 'UTF8')::jsonb ->> 'step') ELSE '' END,
                ', ' ORDER BY sequence) AS kinds
            FROM {Schema}.history WHERE execution_id = $1 GROUP BY xmin::text) t
        """, executionId);
}

namespace IrlExec.PostgreSql.Tests;

/// <summary>A schema of the test's own, and the stores opened over it (closed, and the schema dropped, at the end).</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private readonly List<PostgreSqlExecutionStore> _stores = [];

    protected string Schema { get; } = PostgresServer.NewSchema();

    protected PostgreSqlExecutionStore Open(TimeSpan? leaseDuration = null, TimeSpan? heartbeat = null, string? owner = null)
    {
        var store = new PostgreSqlExecutionStore(new PostgreSqlStoreOptions
        {
            ConnectionString = PostgresServer.Require(),
            Schema = Schema,
            LeaseDuration = leaseDuration ?? TimeSpan.FromSeconds(30),
            HeartbeatInterval = heartbeat,
            Owner = owner ?? "worker-" + (_stores.Count + 1),
        });
        _stores.Add(store);
        return store;
    }

    /// <summary>Makes a lease run out now, as if its holder had stopped renewing it a lease duration ago.</summary>
    protected Task ExpireLeaseAsync(string executionId) =>
        PostgresServer.ExecuteAsync($"UPDATE {Schema}.leases SET expires_at = now() - interval '1 second' WHERE execution_id = $1", executionId);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        // IRLEXEC_TEST_KEEP_SCHEMA=1 keeps a test's schema to look at after a failure.
        if (Environment.GetEnvironmentVariable("IRLEXEC_TEST_KEEP_SCHEMA") != "1") await PostgresServer.DropSchemaAsync(Schema);
    }

    protected static ExecutionEvent Log(long sequence, string message) =>
        new() { Sequence = sequence, Timestamp = DateTimeOffset.UtcNow, Kind = ExecutionEventKind.LogWritten, Level = ExecutionLogLevel.Info, Message = message };
}

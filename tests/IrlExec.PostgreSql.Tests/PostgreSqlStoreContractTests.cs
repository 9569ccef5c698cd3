using IrlExec.Tests.Storage.Contract;

namespace IrlExec.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL store passes the store contract; each test has a schema of its own, and "another process" is a
/// second store (its own connections, heartbeat and owner name) over the same schema.
/// </summary>
public sealed class PostgreSqlStoreContractTests : ExecutionStoreContract
{
    private readonly string _schema = PostgresServer.NewSchema();

    // The default lease (30 s): a test that holds a lease while a loaded machine stalls it for a second or two must not
    // lose it. A killed holder's lease is made to run out by the database instead of waiting for it (KillHolderAsync).
    private PostgreSqlStoreOptions Options() => new()
    {
        ConnectionString = PostgresServer.Require(),
        Schema = _schema,
    };

    protected override Task<IExecutionStore> CreateStoreAsync() => Task.FromResult<IExecutionStore>(new PostgreSqlExecutionStore(Options()));

    protected override IExecutionStore OpenAnother() => new PostgreSqlExecutionStore(Options());

    protected override ValueTask CloseAsync(IExecutionStore store) => ((PostgreSqlExecutionStore)store).DisposeAsync();

    protected override Task DeleteBackingAsync() => PostgresServer.DropSchemaAsync(_schema);

    // A killed worker stops renewing its leases: its store's heartbeat stops without releasing them, and they expire a
    // lease duration after their last renewal. The test moves that expiry to now rather than wait for it.
    protected override async Task KillHolderAsync(IExecutionStore holder, IAsyncDisposable lease)
    {
        var store = (PostgreSqlExecutionStore)holder;
        await store.DisposeAsync();
        await PostgresServer.ExecuteAsync($"UPDATE {_schema}.leases SET expires_at = now() - interval '1 second' WHERE owner = $1", store.Options.Owner);
    }
}

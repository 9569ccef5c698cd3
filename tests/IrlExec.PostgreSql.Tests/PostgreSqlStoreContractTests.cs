using IrlExec.Tests.Storage.Contract;

namespace IrlExec.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL store passes the store contract; each test has a schema of its own, and "another process" is a
/// second store (its own connections, heartbeat and owner name) over the same schema.
/// </summary>
public sealed class PostgreSqlStoreContractTests : ExecutionStoreContract
{
    private readonly string _schema = PostgresServer.NewSchema();

    private PostgreSqlStoreOptions Options() => new()
    {
        ConnectionString = PostgresServer.Require(),
        Schema = _schema,
        LeaseDuration = TimeSpan.FromSeconds(1),
        HeartbeatInterval = TimeSpan.FromMilliseconds(250),
    };

    protected override Task<IExecutionStore> CreateStoreAsync() => Task.FromResult<IExecutionStore>(new PostgreSqlExecutionStore(Options()));

    protected override IExecutionStore OpenAnother() => new PostgreSqlExecutionStore(Options());

    protected override ValueTask CloseAsync(IExecutionStore store) => ((PostgreSqlExecutionStore)store).DisposeAsync();

    protected override Task DeleteBackingAsync() => PostgresServer.DropSchemaAsync(_schema);

    // A killed worker stops renewing its leases: its store's heartbeat stops without releasing them, and they expire.
    protected override async Task KillHolderAsync(IExecutionStore holder, IAsyncDisposable lease)
    {
        await ((PostgreSqlExecutionStore)holder).DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.3));
    }
}

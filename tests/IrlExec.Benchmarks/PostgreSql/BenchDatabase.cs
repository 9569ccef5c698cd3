using System.Buffers;
using IrlExec.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace IrlExec.Benchmarks.PostgreSql;

/// <summary>
/// The PostgreSQL server the PostgreSQL suites use: the connection string in <c>IRLEXEC_TEST_POSTGRES</c>
/// (<c>export IRLEXEC_TEST_POSTGRES=$(bash .ci/postgres-cluster start /tmp/irlexec-pg-bench)</c>). Each suite works in a
/// schema of its own, dropped at the end.
/// </summary>
internal static class BenchDatabase
{
    public const string Variable = "IRLEXEC_TEST_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The PostgreSQL benchmarks need a server: set {Variable} (e.g. export {Variable}=$(bash .ci/postgres-cluster start /tmp/irlexec-pg-bench)).");

    public static string NewSchema(string purpose) => $"bench_{purpose}_{Guid.NewGuid().ToString("N")[..8]}";

    public static PostgreSqlExecutionStore Store(string schema) => new(new PostgreSqlStoreOptions { ConnectionString = ConnectionString, Schema = schema });

    /// <summary>The floor's table: the history table's shape, in the same schema.</summary>
    public static async Task CreateFloorTableAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var command = dataSource.CreateCommand($"CREATE TABLE {schema}.floor (execution_id text NOT NULL, sequence bigint NOT NULL, record bytea NOT NULL, PRIMARY KEY (execution_id, sequence))");
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>A data source like the store's: auto-prepared statements, no reset on close, synchronous_commit as the server has it (on).</summary>
    public static NpgsqlDataSource FloorDataSource()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { MaxAutoPrepare = 32, NoResetOnClose = true };
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>What the runner commits at the end of step 2 of <paramref name="history"/>: its log line, output variable and completion, with step 3's start.</summary>
    public static List<ExecutionEvent> StepCommit(IReadOnlyList<ExecutionEvent> history)
    {
        var start = history.First(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 2);
        var commit = history.SkipWhile(r => r != start).Skip(1).TakeWhile(r => !(r.Kind == ExecutionEventKind.StepStarted && r.Step == 3)).ToList();
        commit.Add(history.First(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 3));
        return commit;
    }

    /// <summary>The history bytes of <paramref name="records"/>: what the floor inserts.</summary>
    public static byte[] Encode(IEnumerable<ExecutionEvent> records)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var record in records) HistoryCodec.Encode(record, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The floor's unit: one <c>INSERT</c> of <paramref name="bytes"/> into the floor's table, in its own committed transaction.</summary>
    public static async Task InsertFloorAsync(NpgsqlDataSource dataSource, string schema, long sequence, byte[] bytes)
    {
        await using var command = dataSource.CreateCommand($"INSERT INTO {schema}.floor (execution_id, sequence, record) VALUES ($1, $2, $3)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "floor", NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = bytes, NpgsqlDbType = NpgsqlDbType.Bytea });
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public static async Task DropAsync(string schema)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}

using Npgsql;

namespace IrlExec.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL server the tests use: the connection string in <c>IRLEXEC_TEST_POSTGRES</c> (<c>.ci/run</c> starts a
/// throwaway cluster with <c>.ci/postgres-cluster</c> and sets it). Without one, every test that needs it is skipped
/// with this message, and the skips show in the totals.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "IRLEXEC_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>The connection string, or skips the test.</summary>
    public static string Require()
    {
        Skip.If(ConnectionString is null,
            $"No PostgreSQL server: set {Variable} to a connection string, or run `.ci/postgres-cluster start DIR` (what .ci/run does) and export what it prints.");
        return ConnectionString!;
    }

    /// <summary>A schema name no other test uses.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..12];

    public static async Task DropSchemaAsync(string schema)
    {
        if (ConnectionString is null) return;
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var dataSource = NpgsqlDataSource.Create(Require());
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var dataSource = NpgsqlDataSource.Create(Require());
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        await command.ExecuteNonQueryAsync();
    }
}

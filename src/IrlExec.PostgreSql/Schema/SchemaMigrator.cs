using System.Reflection;
using Npgsql;

namespace IrlExec.PostgreSql;

/// <summary>
/// Creates or brings up to date IrlExec's tables: the scripts <c>Schema/NNN_*.sql</c>, in order, each in its own
/// transaction with the row it adds to <c>schema_version</c>, under an advisory lock so that workers starting together
/// apply each script once. A database whose schema is newer than this code is refused rather than written to.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>The schema version this code writes.</summary>
    public static int CurrentVersion => Scripts.Value[^1].Version;

    internal sealed record Script(int Version, string Name, string Sql);

    internal static readonly Lazy<List<Script>> Scripts = new(LoadScripts);

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Workers starting together wait here for one another: each script is applied once, and the schema is never
        // created twice at once (CREATE ... IF NOT EXISTS alone can collide on the catalog).
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("irlexec-schema:" + schema);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var create = new NpgsqlCommand(
            $"CREATE SCHEMA IF NOT EXISTS {schema}; " +
            $"CREATE TABLE IF NOT EXISTS {schema}.schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        int applied;
        await using (var versionCommand = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {schema}.schema_version", connection, transaction))
        {
            applied = (int)(await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        if (applied > CurrentVersion)
        {
            throw new WorkflowException(
                $"The database schema '{schema}' is at version {applied}, newer than this IrlExec.PostgreSql knows ({CurrentVersion}): upgrade IrlExec.PostgreSql before using this database.");
        }
        foreach (var script in Scripts.Value.Where(s => s.Version > applied))
        {
            await using var command = new NpgsqlCommand(script.Sql.Replace("{schema}", schema, StringComparison.Ordinal), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_version (version, name) VALUES ($1, $2)", connection, transaction);
            record.Parameters.AddWithValue(script.Version);
            record.Parameters.AddWithValue(script.Name);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static List<Script> LoadScripts()
    {
        const string prefix = "IrlExec.PostgreSql.Schema.";
        var assembly = typeof(SchemaMigrator).Assembly;
        var scripts = new List<Script>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var file = name[prefix.Length..^".sql".Length];
            var version = int.Parse(file.AsSpan(0, 3), System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new Script(version, file, reader.ReadToEnd()));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1) throw new InvalidOperationException($"Schema scripts must be numbered 001, 002, ... without gaps; found {scripts[i].Name}.");
        }
        return scripts;
    }
}

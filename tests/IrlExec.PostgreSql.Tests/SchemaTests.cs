namespace IrlExec.PostgreSql.Tests;

/// <summary>The schema is created on first use, migrated once however many workers start together, and versioned.</summary>
public sealed class SchemaTests : StoreFixture
{
    [SkippableFact]
    public async Task First_use_creates_the_schema_and_records_each_script_in_the_version_table()
    {
        await Open().ListAsync(default);

        var versions = await PostgresServer.ScalarAsync<int[]>($"SELECT array_agg(version ORDER BY version) FROM {Schema}.schema_version");
        Assert.Equal(Enumerable.Range(1, PostgreSqlExecutionStore.SchemaVersion), versions);
    }

    [SkippableFact]
    public async Task Workers_starting_together_apply_each_script_once()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => Open()).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(async () => await s.EnsureSchemaAsync())));

        Assert.Equal((long)PostgreSqlExecutionStore.SchemaVersion, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.schema_version"));
    }

    [SkippableFact]
    public async Task A_schema_newer_than_this_code_is_refused_naming_both_versions()
    {
        await Open().EnsureSchemaAsync();
        await PostgresServer.ExecuteAsync($"INSERT INTO {Schema}.schema_version (version, name) VALUES (999, '999_future')");

        var error = await Assert.ThrowsAsync<WorkflowException>(async () => await Open().ListAsync(default));

        Assert.Contains("version 999", error.Message);
        Assert.Contains($"({PostgreSqlExecutionStore.SchemaVersion})", error.Message);
    }

    [Fact]
    public void A_schema_name_that_is_not_a_plain_identifier_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgreSqlExecutionStore(new PostgreSqlStoreOptions { ConnectionString = "Host=x", Schema = "irlexec; DROP TABLE x" }));

        Assert.Contains("Schema name", error.Message);
    }
}

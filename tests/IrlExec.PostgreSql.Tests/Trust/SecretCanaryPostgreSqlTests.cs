using System.Text;
using IrlExec.Tests.Trust;
using Npgsql;

namespace IrlExec.PostgreSql.Tests.Trust;

/// <summary>
/// The secret canary (<see cref="SecretCanary"/>) run over the PostgreSQL store (started, signalled, resumed with its
/// secret, failed by its last step), then every row of every table of the schema read back, column by column (a
/// <c>bytea</c> decoded as UTF-8) and as the row's text: no canary anywhere; nor in the files an export renders.
/// </summary>
public sealed class SecretCanaryPostgreSqlTests : StoreFixture
{
    private readonly string _export = Path.Combine(Path.GetTempPath(), "irlexec-trust-" + Guid.NewGuid().ToString("N")[..8]);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_export, recursive: true); } catch (IOException) { }
    }

    [SkippableFact]
    public async Task No_canary_reaches_any_column_of_any_table_or_an_export()
    {
        var store = Open();
        var runner = new WorkflowRunner(store);

        var paused = await runner.RunAsync(SecretCanary.Create(), SecretCanary.Variables());
        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        // A signal posted while nobody runs the execution is recorded at once; one posted while a lease is held waits in
        // the signals table: post one of each (the second to a run of its own, left waiting).
        await runner.SignalAsync(paused.ExecutionId, "go", SecretCanary.SignalPayload, sender: "trust-audit");
        var waiting = await runner.RunAsync(SecretCanary.Create(), SecretCanary.Variables());
        await using (await Open(owner: "a-running-worker").AcquireLeaseAsync(waiting.ExecutionId, default))
        {
            Assert.Equal(SignalDelivery.Queued, await runner.SignalAsync(waiting.ExecutionId, "go", SecretCanary.SignalPayload, sender: "trust-audit"));
        }
        var end = await runner.ResumeAsync(SecretCanary.Create(), paused.ExecutionId, SecretCanary.Variables(resume: true));
        Assert.Equal(ExecutionStatus.CompletedFailure, end.Status);

        var found = new List<string>();
        var rows = 0;
        await using var connection = new NpgsqlConnection(PostgresServer.Require());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1", connection))
        {
            list.Parameters.AddWithValue(Schema);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        Assert.Contains("history", tables);
        Assert.Contains("signals", tables);
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT t.*, t::text AS row_text FROM {Schema}.{table} t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (await reader.IsDBNullAsync(i)) continue;
                    var value = reader.GetValue(i);
                    var text = value switch
                    {
                        byte[] bytes => Encoding.UTF8.GetString(bytes),
                        string[] strings => string.Join("\n", strings),
                        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                    };
                    found.AddRange(SecretCanary.Find($"{table}.{reader.GetName(i)}", text));
                }
            }
        }
        Assert.True(rows > 10, $"only {rows} rows read");

        // Not vacuous: the history holds the step's lines, masked.
        var history = await store.ReadAsync(paused.ExecutionId, default);
        Assert.Contains(history!, r => r.Message == "using key ***");
        Assert.Contains(history!, r => r.Kind == ExecutionEventKind.SignalReceived);

        foreach (var file in await ExportedAsync(store))
        {
            found.AddRange(SecretCanary.Find(Path.GetRelativePath(_export, file), File.ReadAllText(file)));
        }
        found.AddRange(SecretCanary.Find("end reason", end.Reason));
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    private async Task<IEnumerable<string>> ExportedAsync(PostgreSqlExecutionStore store)
    {
        var ids = await ExecutionExport.ExportAsync(store, null, _export);
        Assert.NotEmpty(ids);
        return Directory.EnumerateFiles(_export, "*", SearchOption.AllDirectories).ToList();
    }
}

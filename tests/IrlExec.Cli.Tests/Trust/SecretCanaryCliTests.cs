using IrlExec.Cli.Tests.Support;
using IrlExec.PostgreSql;
using IrlExec.Tests.Trust;
using Npgsql;

namespace IrlExec.Cli.Tests.Trust;

/// <summary>
/// The secret canary (<see cref="SecretCanary"/>) run under a root (and, with a PostgreSQL server, in a store), then every
/// read command of <c>irlexec</c> over it (plain and JSON), a signal sent with <c>irlexec signal</c>, and the files
/// <c>export</c> writes: no canary in anything printed or written.
/// </summary>
public sealed class SecretCanaryCliTests : IAsyncLifetime
{
    private const string Variable = "IRLEXEC_TEST_POSTGRES";
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..12];
    private readonly TempRoot _root = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _root.Dispose();
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } connection) return;
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public Task No_canary_in_what_irlexec_prints_or_exports_from_a_root() =>
        CheckAsync(WorkflowRunner.ForDirectory(_root.Path), []);

    [SkippableFact]
    public async Task No_canary_in_what_irlexec_prints_or_exports_from_a_postgresql_store()
    {
        Skip.If(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)), $"No PostgreSQL server: set {Variable}.");
        await using var store = new PostgreSqlExecutionStore(new PostgreSqlStoreOptions { ConnectionString = Environment.GetEnvironmentVariable(Variable)!, Schema = _schema });
        await CheckAsync(new WorkflowRunner(store), ["--store", "env:" + Variable, "--schema", _schema]);
    }

    private async Task CheckAsync(WorkflowRunner runner, string[] store)
    {
        var paused = await runner.RunAsync(SecretCanary.Create(), SecretCanary.Variables());
        await runner.SignalAsync(paused.ExecutionId, "go", SecretCanary.SignalPayload, sender: "trust-audit");
        var end = await runner.ResumeAsync(SecretCanary.Create(), paused.ExecutionId, SecretCanary.Variables(resume: true));
        Assert.Equal(ExecutionStatus.CompletedFailure, end.Status);
        var waiting = await runner.RunAsync(SecretCanary.Create(), SecretCanary.Variables());
        Assert.Equal(ExecutionStatus.Paused, waiting.Status);

        var root = new[] { "--root", _root.Path };
        var export = Path.Combine(_root.Path, "exported");
        var printed = new List<(string Command, CliResult Result)>();
        foreach (var args in new[]
        {
            ["signal", waiting.ExecutionId, "go", "--value", SecretCanary.SignalPayload, "--actor", "trust-audit"],
            ["list"], ["list", "--json"],
            ["status", end.ExecutionId], ["status", end.ExecutionId, "--json"],
            ["status", waiting.ExecutionId], ["status", waiting.ExecutionId, "--json"],
            ["logs"], ["logs", "--json"],
            ["export-training"],
            ["export", end.ExecutionId, waiting.ExecutionId, "--output", export],
            new[] { "validate" },
        })
        {
            var full = args.Concat(root).Concat(store).ToArray();
            if (store.Length > 0 && args[0] == "validate") continue; // validate reads a root's files
            printed.Add((string.Join(' ', args), await Irlexec.RunAsync(full)));
        }

        Assert.Contains(printed, p => p.Result.Out.Contains("using key ***", StringComparison.Ordinal)); // not vacuous
        var found = new List<string>();
        foreach (var (command, result) in printed)
        {
            found.AddRange(SecretCanary.Find(command + " (stdout)", result.Out));
            found.AddRange(SecretCanary.Find(command + " (stderr)", result.Error));
        }
        foreach (var file in Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories))
        {
            found.AddRange(SecretCanary.Find(Path.GetRelativePath(_root.Path, file), File.ReadAllText(file)));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }
}

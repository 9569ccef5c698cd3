using IrlExec.Cli.Tests.Support;
using Npgsql;

namespace IrlExec.Cli.Tests;

/// <summary>
/// The commands with <c>--store</c>: executions kept in PostgreSQL (a schema of the test's own), their files rendered
/// from the histories on demand. Skipped with a message when no server is given (IRLEXEC_TEST_POSTGRES).
/// </summary>
public sealed class PostgreSqlStoreTests : IAsyncLifetime
{
    private const string Variable = "IRLEXEC_TEST_POSTGRES";
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..12];
    private readonly TempRoot _root = new();
    private string? _connection;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _root.Dispose();
        if (_connection is null) return;
        await using var dataSource = NpgsqlDataSource.Create(_connection);
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }

    private string[] Store()
    {
        _connection = Environment.GetEnvironmentVariable(Variable);
        Skip.If(string.IsNullOrEmpty(_connection), $"No PostgreSQL server: set {Variable} (.ci/run starts one with .ci/postgres-cluster).");
        return ["--store", "env:" + Variable, "--schema", _schema];
    }

    private async Task<string> StartPausedDeployAsync(string version = "1.4.2")
    {
        var result = await Irlexec.RunAsync(["run", "deploy", "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "version=" + version, "--var", "environment=staging", "--json", .. Store()]);
        Assert.True(result.ExitCode == ExitCodes.Paused, result.ToString());
        return result.Json().GetProperty("execution_id").GetString()!;
    }

    [SkippableFact]
    public async Task Run_with_a_store_keeps_the_history_in_the_database_and_writes_no_execution_folder()
    {
        var id = await StartPausedDeployAsync();

        Assert.False(Directory.Exists(_root.Layout.ExecutionDirectory));
        var list = await Irlexec.RunAsync(["list", "--json", .. Store()]);
        Assert.True(list.ExitCode == ExitCodes.Ok, list.ToString());
        Assert.Contains(id, list.Out);
        Assert.Contains("PAUSED", list.Out);
    }

    [SkippableFact]
    public async Task Status_with_a_store_renders_the_execution_from_its_history()
    {
        var id = await StartPausedDeployAsync();

        var result = await Irlexec.RunAsync(["status", id, "--json", .. Store()]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var status = result.Json();
        Assert.Equal("PAUSED", status.GetProperty("status").GetString());
        var steps = status.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("status").GetString())).ToList();
        Assert.Equal([("build", "COMPLETED"), ("await-approval", "PAUSED"), ("release", "PENDING")], steps);
    }

    [SkippableFact]
    public async Task Status_of_an_unknown_execution_with_a_store_exits_4_naming_the_schema()
    {
        var result = await Irlexec.RunAsync(["status", "exec_nope", .. Store()]);

        Assert.Equal(ExitCodes.UnknownId, result.ExitCode);
        Assert.Contains(_schema, result.Error);
    }

    [SkippableTheory]
    [InlineData("status")]
    [InlineData("resume")]
    [InlineData("signal", "approval")]
    public async Task Something_that_cannot_be_an_id_exits_4_with_a_store_too(string command, params string[] rest)
    {
        var result = await Irlexec.RunAsync([command, "../x", .. rest, .. Store()]);

        Assert.Equal(ExitCodes.UnknownId, result.ExitCode);
        Assert.Contains("'../x' is not an execution id", result.Error);
    }

    [SkippableFact]
    public async Task Logs_and_validate_with_a_store_read_the_rendered_files()
    {
        var id = await StartPausedDeployAsync();

        var logs = await Irlexec.RunAsync(["logs", "deploy", .. Store()]);
        var validate = await Irlexec.RunAsync(["validate", "--json", .. Store()]);

        Assert.True(logs.ExitCode == ExitCodes.Ok, logs.ToString());
        Assert.Contains("[deploy]", logs.Out);
        Assert.Contains("waiting for approval", logs.Out);
        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());
        Assert.True(validate.Json().GetProperty("valid").GetBoolean(), validate.Out);
    }

    [SkippableFact]
    public async Task Resume_with_a_store_continues_the_execution_kept_in_the_database()
    {
        var id = await StartPausedDeployAsync(version: "3.1.0");

        var result = await Irlexec.RunAsync(["resume", id, "--assembly", Samples.Deploy, "--var", "approved_by=samson", "--json", "--root", _root.Path, .. Store()]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal("COMPLETED_SUCCESS", result.Json().GetProperty("status").GetString());
        Assert.Equal("3.1.0 approved by samson\n", File.ReadAllText(_root["deploy/staging.current"]));
    }

    [SkippableFact]
    public async Task Export_writes_the_seed_files_of_the_chosen_executions_to_a_folder()
    {
        var chosen = await StartPausedDeployAsync();
        var other = await StartPausedDeployAsync();
        var folder = Path.Combine(_root.Path, "exported");

        var result = await Irlexec.RunAsync(["export", chosen, "--output", folder, .. Store()]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var layout = new ExecutionLayout(folder);
        Assert.True(File.Exists(layout.HistoryFile(chosen)));
        Assert.Contains("## Execution Plan", File.ReadAllText(layout.MarkdownFile(chosen)));
        Assert.True(File.Exists(layout.SnapshotFile(chosen)));
        Assert.Single(Directory.GetFiles(layout.LogsDirectory, "deploy-*.log"));
        Assert.Contains("| deploy |", File.ReadAllText(layout.ManifestFile));
        Assert.Contains(chosen, File.ReadAllText(layout.ActiveWorkflowsFile));
        Assert.DoesNotContain(other, File.ReadAllText(layout.ActiveWorkflowsFile));
        Assert.False(File.Exists(layout.HistoryFile(other)));
    }

    [SkippableFact]
    public async Task Clean_with_a_store_exports_then_deletes_finished_executions_and_never_touches_active_ones()
    {
        var paused = await StartPausedDeployAsync();
        var finished = await StartPausedDeployAsync();
        var resumed = await Irlexec.RunAsync(["resume", finished, "--assembly", Samples.Deploy, "--var", "approved_by=samson", "--root", _root.Path, .. Store()]);
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        var folder = Path.Combine(_root.Path, "retired");

        var result = await Irlexec.RunAsync(["clean", "--older-than", "0", "--export-to", folder, "--json", .. Store()]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal([finished], result.Json().GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([paused], result.Json().GetProperty("active").EnumerateArray().Select(e => e.GetString()));
        Assert.True(File.Exists(new ExecutionLayout(folder).HistoryFile(finished)));
        var list = await Irlexec.RunAsync(["list", "--json", .. Store()]);
        Assert.Contains(paused, list.Out);
        Assert.DoesNotContain(finished, list.Out);
    }

    [SkippableFact]
    public async Task Signal_with_a_store_is_kept_in_the_database_and_the_resume_gives_it_to_the_waiting_step()
    {
        var store = Store();
        Samples.SeedQuarantine(_root);
        var run = await Irlexec.RunAsync(["run", "incident-approval", "--root", _root.Path, "--assembly", Samples.IncidentApproval,
            "--var", "integration=finance_integration", "--var", "daily_cap=2", "--json", .. store]);
        Assert.True(run.ExitCode == ExitCodes.Paused, run.ToString());
        var id = run.Json().GetProperty("execution_id").GetString()!;

        var signal = await Irlexec.RunAsync(["signal", id, "approval", "--value", "{\"approved_by\": \"human:samson\"}", "--actor", "human:samson", "--json", .. store]);
        var status = await Irlexec.RunAsync(["status", id, "--json", .. store]);
        var resumed = await Irlexec.RunAsync(["resume", id, "--root", _root.Path, "--assembly", Samples.IncidentApproval, "--json", .. store]);

        Assert.True(signal.ExitCode == ExitCodes.Ok, signal.ToString());
        Assert.Equal("recorded", signal.Json().GetProperty("delivery").GetString());
        var recorded = Assert.Single(status.Json().GetProperty("signals").EnumerateArray());
        Assert.Equal("approval", recorded.GetProperty("name").GetString());
        Assert.Equal("human:samson", recorded.GetProperty("sender").GetString());
        Assert.False(Directory.Exists(Path.Combine(_root.Layout.ExecutionDirectory, "signals"))); // kept in the database only
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        Assert.Equal("COMPLETED_SUCCESS", resumed.Json().GetProperty("status").GetString());
        var audit = LogLineReader.ReadFile(Directory.GetFiles(_root.Layout.LogsDirectory, "agent-approvals-*.log").Single());
        Assert.Single(audit, l => l.Message.EndsWith("over the daily cap, approved by human:samson)", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Signal_with_a_store_to_an_unknown_execution_exits_4_naming_the_schema()
    {
        var result = await Irlexec.RunAsync(["signal", "exec_nope", "approval", .. Store()]);

        Assert.Equal(ExitCodes.UnknownId, result.ExitCode);
        Assert.Contains(_schema, result.Error);
    }

    [SkippableFact]
    public async Task Signal_with_a_store_records_the_signal_and_queues_the_execution_waiting_for_it_for_the_workers()
    {
        var store = Store();
        var plan = new StepPlan { Order = 1, Name = "await-approval", Signals = [new StepSignalPlan { Name = "approval" }] };
        var workflow = new WorkflowDefinition(new WorkflowPlan { Name = "approval", Steps = [plan] }, [StepDefinition.Create(plan, () => new WaitingStep())]);
        string id;
        await using (var database = new IrlExec.PostgreSql.PostgreSqlExecutionStore(new IrlExec.PostgreSql.PostgreSqlStoreOptions { ConnectionString = _connection!, Schema = _schema }))
        {
            id = (await new WorkflowRunner(database).RunAsync(workflow)).ExecutionId;
        }

        var result = await Irlexec.RunAsync(["signal", id, "approval", "--value", "\"yes\"", .. store]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        await using var dataSource = NpgsqlDataSource.Create(_connection!);
        await using var queued = dataSource.CreateCommand($"SELECT reason FROM {_schema}.queue WHERE execution_id = $1");
        queued.Parameters.AddWithValue(id);
        Assert.Equal("signal", await queued.ExecuteScalarAsync());
    }

    private sealed class WaitingStep : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.WaitForSignal("approval");
            return ValueTask.CompletedTask;
        }
    }

    [SkippableFact]
    public async Task A_command_that_works_on_a_root_only_refuses_a_store_with_exit_2()
    {
        var result = await Irlexec.RunAsync(["archive", .. Store()]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("root folder only", result.Error);
    }

    [Fact]
    public async Task A_store_naming_an_unset_environment_variable_is_a_usage_error_naming_it()
    {
        var result = await Irlexec.RunAsync("list", "--store", "env:IRLEXEC_NOT_SET_ANYWHERE");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("IRLEXEC_NOT_SET_ANYWHERE", result.Error);
    }
}

using System.Net;
using IrlExec.Dashboard.Tests.Support;
using IrlExec.Hosting;
using IrlExec.PostgreSql;
using Npgsql;

namespace IrlExec.Dashboard.Tests;

/// <summary>
/// The dashboard over a PostgreSQL store (a schema of the test's own): the same pages from the same histories, kept
/// current by polling, and the actions of a host that runs on that store. Skipped with a message when no server is given
/// (IRLEXEC_TEST_POSTGRES; .ci/run starts one with .ci/postgres-cluster).
/// </summary>
public sealed class PostgreSqlPageTests : IAsyncLifetime
{
    private const string Variable = "IRLEXEC_TEST_POSTGRES";
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..12];
    private string? _connection;
    private PostgreSqlExecutionStore? _store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_connection is null) return;
        await using var dataSource = NpgsqlDataSource.Create(_connection);
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }

    private async Task<PostgreSqlExecutionStore> StoreAsync()
    {
        _connection = Environment.GetEnvironmentVariable(Variable);
        Skip.If(string.IsNullOrEmpty(_connection), $"No PostgreSQL server: set {Variable} (.ci/run starts one with .ci/postgres-cluster).");
        _store = new PostgreSqlExecutionStore(new PostgreSqlStoreOptions { ConnectionString = _connection, Schema = _schema });
        await _store.EnsureSchemaAsync();
        return _store;
    }

    [SkippableFact]
    public async Task The_pages_read_a_PostgreSQL_store_and_follow_its_commits()
    {
        var store = await StoreAsync();
        var workflow = ReviewWorkflow.Create();
        var runner = new WorkflowRunner(store);
        var paused = await runner.RunAsync(workflow, ReviewWorkflow.Variables());
        var host = await DashboardHost.StartAsync(o =>
        {
            o.Root = null;
            o.Store = store;
            o.PollInterval = TimeSpan.FromMilliseconds(100);
        });
        await using var _ = host;
        await host.WaitUntilIndexedAsync(paused.ExecutionId);

        var list = await host.Client.GetStringAsync(host.Url("/"));
        var page = await host.Client.GetStringAsync(host.Url("/executions/" + paused.ExecutionId));

        Assert.Contains($"<tr data-id=\"{paused.ExecutionId}\">", list, StringComparison.Ordinal);
        Assert.Contains("<span class=\"why why-humanapproval\"", list, StringComparison.Ordinal);
        Assert.Contains("<span id=\"execution-status\" class=\"status s-paused\">PAUSED</span>", page, StringComparison.Ordinal);
        Assert.Contains("<table class=\"steps\">", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>window.__pwned", page, StringComparison.Ordinal);
        foreach (var text in new[] { list, page })
        {
            Assert.DoesNotContain(ReviewWorkflow.SecretToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ReviewWorkflow.LeakedKey, text, StringComparison.Ordinal);
        }

        await using var events = await EventStreamReader.OpenAsync(host.Client, host.Url("/events?id=" + paused.ExecutionId));
        var approved = new VariableStore();
        approved.Set("approved", "yes");
        approved.Set("api_token", ReviewWorkflow.SecretToken, isSecret: true);
        var finished = await runner.ResumeAsync(workflow, paused.ExecutionId, approved);
        Assert.Equal(ExecutionStatus.CompletedSuccess, finished.Status);

        Assert.NotNull(await events.WaitForAsync("change", "COMPLETED_SUCCESS", TimeSpan.FromSeconds(60)));
        var after = await host.Client.GetStringAsync(host.Url("/executions/" + paused.ExecutionId));
        Assert.Contains("<span id=\"execution-status\" class=\"status s-completed-success\">COMPLETED_SUCCESS</span>", after, StringComparison.Ordinal);
        Assert.Contains("Published the report", after, StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewWorkflow.SecretToken, events.Raw + after, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_execution_kept_in_PostgreSQL_is_approved_from_its_page_and_finishes()
    {
        var store = await StoreAsync();
        var host = await DashboardHost.StartAsync(
            o =>
            {
                // The dashboard shows the host's store (neither Store nor Root set).
                o.Root = null;
                o.EnableActions = true;
                o.ActionsPolicy = HeaderAuthentication.Policy;
                o.PollInterval = TimeSpan.FromMilliseconds(100);
            },
            (services, _) =>
            {
                services.AddIrlExec(o => o.PollInterval = TimeSpan.FromMilliseconds(100)).UseStore(_ => store).AddWorkflow(ApprovalWorkflow.Create());
                HeaderAuthentication.Register(services);
            });
        await using var _ = host;
        var id = await ActionTests.StartPausedAsync(host);
        using var alice = host.NewClient(HeaderAuthentication.Headers("alice", HeaderAuthentication.OperatorRole));
        var page = await alice.GetStringAsync(host.Url("/executions/" + id));

        using var response = await ActionTests.PostAsync(alice, host.Url($"/executions/{id}/signal"), ("signal", ApprovalWorkflow.Signal), ("value", "approved"), ActionTests.Token(page));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var finished = await ActionTests.WaitAsync(host, id, s => StatusTransitions.IsTerminal(s.Status));
        Assert.Equal(ExecutionStatus.CompletedSuccess, finished.Status);
        Assert.Equal("dashboard:alice", Assert.Single(finished.Signals).Sender);
    }
}

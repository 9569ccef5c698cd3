using IrlExec.Dashboard;
using IrlExec.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IrlExec.Dashboard.Tests.Support;

/// <summary>
/// A real ASP.NET Core app (Kestrel on 127.0.0.1, a free port) with the dashboard mounted, over a root folder of its own
/// (or a store the test gives). What a user's app does: AddIrlExecDashboard, then MapIrlExecDashboard.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempRoot? _ownedRoot;

    private DashboardHost(WebApplication app, string root, TempRoot? ownedRoot, string baseUrl)
    {
        _app = app;
        Root = root;
        _ownedRoot = ownedRoot;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The root folder the runs of <see cref="Runner"/> write to.</summary>
    public string Root { get; }

    /// <summary>The dashboard's address, e.g. <c>http://127.0.0.1:41234/irlexec</c> (no trailing slash).</summary>
    public string BaseUrl { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// A dashboard with its actions enabled in an app that hosts IrlExec (AddIrlExec over the same root, its worker, the
    /// approval and review workflows) and signs users in from headers (<see cref="HeaderAuthentication"/>); the actions
    /// require <see cref="HeaderAuthentication.Policy"/>.
    /// </summary>
    public static Task<DashboardHost> StartWithActionsAsync(Action<RouteGroupBuilder>? group = null, bool enableActions = true) =>
        StartAsync(
            o =>
            {
                o.EnableActions = enableActions;
                o.ActionsPolicy = HeaderAuthentication.Policy;
                o.Workflows.Add(ApprovalWorkflow.Create());
            },
            (services, root) =>
            {
                services.AddIrlExec(o =>
                {
                    o.Root = root;
                    o.PollInterval = TimeSpan.FromMilliseconds(100);
                    o.Actor = "worker:test";
                }).AddWorkflow(ApprovalWorkflow.Create()).AddWorkflow(ReviewWorkflow.Create());
                HeaderAuthentication.Register(services);
            },
            group: group);

    /// <summary>The host's client (IrlExec.Hosting), for hosts started with <see cref="StartWithActionsAsync"/>.</summary>
    public IWorkflowClient WorkflowClient => Services.GetRequiredService<IWorkflowClient>();

    /// <summary>A runner over the same root, with every standard view, as a workflow host would have.</summary>
    public WorkflowRunner Runner() => WorkflowRunner.ForDirectory(Root);

    public string Url(string path) => BaseUrl + path;

    /// <summary>A client of its own (its own cookies, no redirects followed) sending <paramref name="headers"/> with every request.</summary>
    public HttpClient NewClient(IReadOnlyDictionary<string, string>? headers = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) client.DefaultRequestHeaders.Add(name, value);
        return client;
    }

    public static async Task<DashboardHost> StartAsync(
        Action<DashboardOptions>? configure = null,
        Action<IServiceCollection, string>? services = null,
        Action<WebApplication>? beforeMap = null,
        string prefix = "/irlexec",
        string? root = null,
        Action<RouteGroupBuilder>? group = null)
    {
        var owned = root is null ? new TempRoot() : null;
        root ??= owned!.Path;
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = root });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddIrlExecDashboard(options =>
            {
                options.Root = root;
                configure?.Invoke(options);
            });
            services?.Invoke(builder.Services, root);
            app = builder.Build();
            beforeMap?.Invoke(app);
            var dashboard = app.MapIrlExecDashboard(prefix);
            group?.Invoke(dashboard);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            var mount = "/" + prefix.Trim('/');
            return new DashboardHost(app, root, owned, address.TrimEnd('/') + (mount == "/" ? "" : mount));
        }
        catch
        {
            // A host that fails to start (the start-up checks' tests) leaves neither its services nor its root behind.
            if (app is not null) await app.DisposeAsync();
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the dashboard's index lists <paramref name="executionId"/> with its last record read.</summary>
    public async Task WaitUntilIndexedAsync(string executionId, TimeSpan? timeout = null)
    {
        var dashboard = Services.GetRequiredService<DashboardServices>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var store = dashboard.Store;
        while (DateTime.UtcNow < deadline)
        {
            var history = await store.ReadAsync(executionId, CancellationToken.None);
            var summary = dashboard.Index.Current.Ordered.FirstOrDefault(s => s.Id == executionId);
            if (history is not null && summary is not null && summary.Sequence == history[^1].Sequence) return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"The dashboard did not index {executionId} in time.");
    }

    /// <summary>Waits until the dashboard's index lists <paramref name="count"/> executions.</summary>
    public async Task WaitUntilIndexedCountAsync(int count, TimeSpan? timeout = null)
    {
        var dashboard = Services.GetRequiredService<DashboardServices>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (dashboard.Index.Current.Ordered.Length != count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The dashboard did not index {count} executions in time.");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ownedRoot?.Dispose();
    }
}

/// <summary>A folder under the temp directory, deleted when disposed.</summary>
public sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "irlexec-dashboard-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

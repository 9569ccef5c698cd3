using BenchmarkDotNet.Attributes;
using IrlExec.Dashboard;
using IrlExec.Dashboard.Data;
using IrlExec.Dashboard.Rendering;
using IrlExec.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IrlExec.Benchmarks.Dashboard;

/// <summary>
/// The dashboard's executions list with <see cref="Executions"/> executions (mixed: 2 % running, 4 % paused, the rest
/// finished): the server time of one page of 50 rows, rendered from the index (<see cref="ListPage"/>) for the first
/// page, a filtered page, an id search and the last page; and the same first page as a whole HTTP request to a real
/// Kestrel server on 127.0.0.1 (<see cref="HttpFirstPage"/>). No timed assertion: figures in docs/dashboard.md.
/// </summary>
[MemoryDiagnoser]
public class DashboardListBenchmarks
{
    private IndexSnapshot _snapshot = null!;
    private PageContext _context = null!;
    private ExecutionQuery _search = null!;
    private int _lastPage;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [Params(10_000)]
    public int Executions { get; set; }

    // Synchronous: the in-process toolchain (--inProcess) does not wait for an asynchronous setup.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var store = new InMemoryExecutionStore();
        var ids = await SyntheticHistories.FillAsync(store, Executions);
        using var index = new ExecutionIndex(store);
        await index.RefreshAsync(CancellationToken.None);
        _snapshot = index.Current;
        var options = new DashboardOptions { Store = store };
        _context = new PageContext { Base = "/irlexec", Options = options, Http = new DefaultHttpContext() };
        _search = new ExecutionQuery(null, null, ids[Executions / 3][^8..], 1);
        _lastPage = (Executions + options.PageSize - 1) / options.PageSize;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddIrlExecDashboard(o => o.Store = store);
        _app = builder.Build();
        _app.MapIrlExecDashboard("/irlexec");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
        // The first request waits for the app's own index to read every history.
        await _client.GetStringAsync("/irlexec/");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public string FirstPage() => ListPage.Render(_context, _snapshot, new ExecutionQuery(null, null, null, 1));

    [Benchmark]
    public string FilteredPage() => ListPage.Render(_context, _snapshot, new ExecutionQuery("deploy", "recent", null, 3));

    [Benchmark]
    public string SearchById() => ListPage.Render(_context, _snapshot, _search);

    [Benchmark]
    public string LastPage() => ListPage.Render(_context, _snapshot, new ExecutionQuery(null, null, null, _lastPage));

    [Benchmark]
    public Task<string> HttpFirstPage() => _client.GetStringAsync("/irlexec/");
}

/// <summary>
/// Keeping the list current on a filesystem root with <see cref="Executions"/> histories: a refresh that finds nothing
/// new (one scan of the state folder), and the first read of every history when the dashboard starts.
/// </summary>
[MemoryDiagnoser]
public class DashboardIndexBenchmarks
{
    private string _root = null!;
    private FileSystemExecutionStore _store = null!;
    private ExecutionIndex _warm = null!;

    [Params(10_000)]
    public int Executions { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "irlexec-bench-dashboard-" + Guid.NewGuid().ToString("N")[..8]);
        _store = new FileSystemExecutionStore(_root);
        await SyntheticHistories.FillAsync(_store, Executions);
        _store.Dispose();
        _store = new FileSystemExecutionStore(_root);
        _warm = new ExecutionIndex(_store);
        await _warm.RefreshAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _warm.Dispose();
        _store.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task RefreshWithNothingNew() => _warm.RefreshAsync(CancellationToken.None);

    [Benchmark]
    public async Task FirstReadOfEveryHistory()
    {
        using var index = new ExecutionIndex(_store);
        await index.RefreshAsync(CancellationToken.None);
    }
}

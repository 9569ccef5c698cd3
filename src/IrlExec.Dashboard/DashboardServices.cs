using IrlExec.Dashboard.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IrlExec.Dashboard;

/// <summary>The dashboard's parts for one host: its options, the store it reads, the index of executions.</summary>
internal sealed class DashboardServices : IDisposable
{
    private readonly FileSystemExecutionStore? _ownedStore;

    public DashboardServices(IOptions<DashboardOptions> options, IServiceProvider services)
    {
        Options = options.Value;
        if (Options.Store is null && string.IsNullOrWhiteSpace(Options.Root))
        {
            // A host that registered its store (IrlExec.Hosting, a database store) is read through the same store.
            Options.Store = services.GetService<IExecutionStore>();
        }
        Options.Validate();
        if (Options.Store is null) Options.Store = _ownedStore = new FileSystemExecutionStore(Options.Root!);
        Store = Options.Store;
        Index = new ExecutionIndex(Store);
        Workflows = Options.Workflows.ToDictionary(w => w.Name, StringComparer.Ordinal);
    }

    public DashboardOptions Options { get; }

    public IExecutionStore Store { get; }

    public ExecutionIndex Index { get; }

    public IReadOnlyDictionary<string, WorkflowDefinition> Workflows { get; }

    /// <summary>The root folder when the store is one (its state folder is watched for changes).</summary>
    public ExecutionLayout? Layout => Store is FileSystemExecutionStore files ? files.Layout : null;

    public void Dispose()
    {
        Index.Dispose();
        _ownedStore?.Dispose();
    }
}

/// <summary>Keeps the index current while the host runs: a filesystem root is watched, and the store is polled.</summary>
internal sealed class DashboardRefresher(DashboardServices dashboard) : BackgroundService
{
    // With a watcher in place the poll is only a safety net (a missed or coalesced notification).
    private static readonly TimeSpan WatchedPollInterval = TimeSpan.FromSeconds(2);

    private FileSystemWatcher? _watcher;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        dashboard.Index.RunAsync(() =>
        {
            TryWatch();
            return _watcher is null ? dashboard.Options.PollInterval : Min(WatchedPollInterval, dashboard.Options.PollInterval * 8);
        }, stoppingToken);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // The state folder may not exist yet (no execution has run): nothing is created in the user's root; the poll goes on
    // until it appears, and then the watcher takes over.
    private void TryWatch()
    {
        if (_watcher is not null || dashboard.Layout is not { } layout || !Directory.Exists(layout.StateDirectory)) return;
        try
        {
            var watcher = new FileSystemWatcher(layout.StateDirectory, "*.history.jsonl")
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => dashboard.Index.Poke();
            watcher.Created += (_, _) => dashboard.Index.Poke();
            watcher.Deleted += (_, _) => dashboard.Index.Poke();
            watcher.Renamed += (_, _) => dashboard.Index.Poke();
            watcher.Error += (_, _) => dashboard.Index.Poke();
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (IOException)
        {
            // Out of inotify watches, say: polling alone still updates the pages.
        }
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        base.Dispose();
    }
}

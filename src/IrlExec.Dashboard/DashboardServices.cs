using IrlExec.Dashboard.Data;
using IrlExec.Hosting;
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
        if (Options.EnableActions) Client = ActionsClient(services);
        Index = new ExecutionIndex(Store);
        Workflows = Options.Workflows.ToDictionary(w => w.Name, StringComparer.Ordinal);
    }

    public DashboardOptions Options { get; }

    public IExecutionStore Store { get; }

    public ExecutionIndex Index { get; }

    public IReadOnlyDictionary<string, WorkflowDefinition> Workflows { get; }

    /// <summary>The host's client the actions go through (IrlExec.Hosting), when actions are enabled.</summary>
    public IWorkflowClient? Client { get; }

    /// <summary>The root folder when the store is one (its state folder is watched for changes).</summary>
    public ExecutionLayout? Layout => Store is FileSystemExecutionStore files ? files.Layout : null;

    // The actions go through the host's IWorkflowClient (its worker runs what they wake), which acts on the host's store:
    // the dashboard must show that same store, or a page would offer actions on executions the client cannot see.
    private IWorkflowClient ActionsClient(IServiceProvider services)
    {
        var client = services.GetService<IWorkflowClient>()
            ?? throw new InvalidOperationException("IrlExec dashboard: EnableActions needs IrlExec.Hosting in the app (services.AddIrlExec(...)): the actions go through its IWorkflowClient and its worker.");
        var hostStore = services.GetService<IExecutionStore>();
        if (!SameStore(Store, hostStore))
        {
            throw new InvalidOperationException("IrlExec dashboard: with EnableActions the dashboard must show the store the host's IWorkflowClient acts on, and DashboardOptions.Store/Root name another one. Leave both unset: the dashboard then reads the host's store.");
        }
        return client;
    }

    private static bool SameStore(IExecutionStore shown, IExecutionStore? host) =>
        ReferenceEquals(shown, host) ||
        (shown is FileSystemExecutionStore a && host is FileSystemExecutionStore b &&
         string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a.Layout.Root)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b.Layout.Root)), StringComparison.Ordinal));

    public void Dispose()
    {
        Index.Dispose();
        _ownedStore?.Dispose();
    }
}

/// <summary>
/// Keeps the index current while the host runs: a filesystem root's state folder is watched (the watcher names each
/// history that changed), and the store is read every <see cref="DashboardOptions.PollInterval"/> when nothing watches it.
/// </summary>
internal sealed class DashboardRefresher(DashboardServices dashboard) : BackgroundService
{
    private FileSystemWatcher? _watcher;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        dashboard.Index.RunAsync(TryWatch, dashboard.Options.PollInterval, stoppingToken);

    // The state folder may not exist yet (no execution has run): nothing is created in the user's root; the poll goes on
    // until it appears, and then the watcher takes over.
    private bool TryWatch()
    {
        if (_watcher is not null) return true;
        if (dashboard.Layout is not { } layout || !Directory.Exists(layout.StateDirectory)) return false;
        try
        {
            var watcher = new FileSystemWatcher(layout.StateDirectory, "*" + ExecutionIndex.HistorySuffix)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, e) => Poke(e.Name);
            watcher.Created += (_, e) => Poke(e.Name);
            watcher.Deleted += (_, e) => Poke(e.Name);
            watcher.Renamed += (_, e) =>
            {
                Poke(e.OldName);
                Poke(e.Name);
            };
            // Events were lost (the buffer overflowed): read everything again.
            watcher.Error += (_, _) => dashboard.Index.Poke();
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
            // What was written before the watcher existed is found by one full read, from here on the watcher names changes.
            dashboard.Index.Poke();
            return true;
        }
        catch (IOException)
        {
            // Out of inotify watches, say: polling alone still updates the pages.
            return false;
        }
    }

    private void Poke(string? fileName)
    {
        if (fileName is not null && fileName.EndsWith(ExecutionIndex.HistorySuffix, StringComparison.Ordinal))
        {
            dashboard.Index.Poke(fileName[..^ExecutionIndex.HistorySuffix.Length]);
        }
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        base.Dispose();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IrlExec.Hosting;

/// <summary>Registers IrlExec in a host: <c>services.AddIrlExec(o =&gt; o.Root = "...").AddWorkflows(typeof(MyWorkflow).Assembly)</c>.</summary>
public static class IrlExecServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="IWorkflowClient"/>, the <see cref="WorkflowRunner"/> and its <see cref="IExecutionStore"/>, the hosted worker (unless <see cref="IrlExecOptions.EnableWorker"/> is
    /// false) and the forwarding of execution logs to <see cref="ILogger"/>. Executions are kept under
    /// <see cref="IrlExecOptions.Root"/> unless the returned builder chooses another store.
    /// </summary>
    public static IrlExecBuilder AddIrlExec(this IServiceCollection services, Action<IrlExecOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new IrlExecBuilder(services);
        services.AddOptions<IrlExecOptions>();
        if (configure is not null) services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new WorkflowRegistry(builder.Workflows));
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<IrlExecOptions>>().Value;
            var time = provider.GetRequiredService<TimeProvider>();
            var forwarder = new ExecutionLogForwarder(provider.GetRequiredService<ILoggerFactory>());
            var choice = builder.Store ?? new IrlExecBuilder.StoreChoice(null, options.Root, null);
            if (choice.Custom is null) return WorkflowRunner.ForDirectoryWithObservers(choice.Root!, [forwarder], time);
            var (store, views) = choice.Custom(provider);
            return new WorkflowRunner(store, [.. views, forwarder], time);
        });
        // The store the runner uses, for other parts of the host that read executions (a dashboard, health checks).
        services.TryAddSingleton(provider => provider.GetRequiredService<WorkflowRunner>().Store);
        services.TryAddSingleton<ExecutionHost>();
        // Where the worker's work comes from: the store's queue when it has one (UsePostgreSql), else a scan of the histories.
        services.TryAddSingleton<IWorkSource>(provider => builder.Store?.Work?.Invoke(provider) ?? ActivatorUtilities.CreateInstance<HistoryScanSource>(provider));
        services.TryAddSingleton<IWorkflowClient, WorkflowClient>();
        services.AddHostedService<IrlExecWorker>();
        return builder;
    }
}

using IrlExec.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IrlExec.Hosting.PostgreSql;

/// <summary><c>UsePostgreSql</c> on the builder <see cref="IrlExecServiceCollectionExtensions.AddIrlExec"/> returns.</summary>
public static class PostgreSqlHostingExtensions
{
    /// <summary>
    /// Keeps executions in PostgreSQL (<paramref name="connectionString"/>, default schema <c>irlexec</c>) and makes the
    /// hosted worker one of a fleet: it claims started, recovered, signalled and timer-due executions from the database's
    /// queue, and <see cref="IWorkflowClient.StartAsync(string, VariableStore?, RunOptions?, CancellationToken)"/> queues a
    /// start for whichever worker has room.
    /// </summary>
    public static IrlExecBuilder UsePostgreSql(this IrlExecBuilder builder, string connectionString, Action<PostgreSqlWorkerOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UsePostgreSql(_ => new PostgreSqlStoreOptions { ConnectionString = connectionString }, configure);
    }

    /// <summary>
    /// Keeps executions in PostgreSQL with the store options <paramref name="store"/> makes (connection string, schema,
    /// lease duration; e.g. from the host's configuration), and takes the worker's work from the database's queue (see
    /// <see cref="UsePostgreSql(IrlExecBuilder, string, Action{PostgreSqlWorkerOptions}?)"/>).
    /// </summary>
    public static IrlExecBuilder UsePostgreSql(this IrlExecBuilder builder, Func<IServiceProvider, PostgreSqlStoreOptions> store, Action<PostgreSqlWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        var options = new PostgreSqlWorkerOptions();
        configure?.Invoke(options);
        foreach (var (workflow, limit) in options.WorkflowLimits)
        {
            if (limit <= 0) throw new ArgumentOutOfRangeException(nameof(configure), $"The limit of workflow '{workflow}' must be at least 1.");
        }
        if (options.RetryFailedRunAfter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(configure), "RetryFailedRunAfter must not be negative.");
        builder.Services.TryAddSingleton(provider => new PostgreSqlExecutionStore(store(provider)));
        builder.Services.TryAddSingleton(provider => new PostgreSqlWorkQueue(provider.GetRequiredService<PostgreSqlExecutionStore>()));
        return builder.UseStoreAndWork(
            provider => provider.GetRequiredService<PostgreSqlExecutionStore>(),
            views: null,
            work: provider => new PostgreSqlQueueSource(
                provider.GetRequiredService<ExecutionHost>(),
                provider.GetRequiredService<WorkflowRegistry>(),
                provider.GetRequiredService<PostgreSqlExecutionStore>(),
                provider.GetRequiredService<PostgreSqlWorkQueue>(),
                provider.GetRequiredService<IOptions<IrlExecOptions>>().Value,
                options,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<PostgreSqlQueueSource>>()));
    }
}

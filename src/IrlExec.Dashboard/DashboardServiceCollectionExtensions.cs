using IrlExec.Dashboard;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the IrlExec dashboard (then map it with <c>app.MapIrlExecDashboard("/irlexec")</c>).</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard's services: the index of executions kept current in the background, antiforgery for its forms,
    /// and authorization (its actions, when enabled, require the policy named in <see cref="DashboardOptions.ActionsPolicy"/>).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the store (or root), the workflows, and whether actions are enabled.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddIrlExecDashboard(this IServiceCollection services, Action<DashboardOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.AddAntiforgery();
        services.AddAuthorization();
        services.TryAddSingleton<DashboardServices>();
        services.AddHostedService<DashboardRefresher>();
        return services;
    }
}

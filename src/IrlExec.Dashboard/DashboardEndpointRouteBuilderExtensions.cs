using IrlExec.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the IrlExec dashboard in an ASP.NET Core app.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard's pages, event stream and assets under <paramref name="prefix"/> (e.g. <c>/irlexec</c>), and its
    /// actions when <see cref="DashboardOptions.EnableActions"/> is set (each requires the policy
    /// <see cref="DashboardOptions.ActionsPolicy"/> and an antiforgery token). Call
    /// <c>services.AddIrlExecDashboard(...)</c> first. The returned group takes conventions for every dashboard endpoint,
    /// e.g. <c>.RequireAuthorization("ops")</c> to guard the pages too.
    /// </summary>
    /// <param name="endpoints">The app (or another route builder).</param>
    /// <param name="prefix">The path the dashboard is served under; <c>/</c> serves it at the root.</param>
    /// <returns>The route group of every dashboard endpoint.</returns>
    public static RouteGroupBuilder MapIrlExecDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/irlexec")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var services = endpoints.ServiceProvider.GetService<DashboardServices>()
            ?? throw new InvalidOperationException("The IrlExec dashboard is not registered: call services.AddIrlExecDashboard(options => ...) before app.MapIrlExecDashboard(...).");
        var normalized = "/" + prefix.Trim().Trim('/');
        if (normalized == "/") normalized = "";
        var group = endpoints.MapGroup(normalized);
        new DashboardEndpoints(services, normalized).Map(group);
        return group;
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace IrlExec.Hosting;

/// <summary>
/// Step services from Microsoft.Extensions.DependencyInjection: a new scope per step attempt, for
/// <see cref="RunOptions.StepServices"/>. The runs of <c>AddIrlExec</c> use it already; a program that runs a
/// <see cref="WorkflowRunner"/> by hand sets it itself: <c>new RunOptions { StepServices = StepServiceScopes.From(provider) }</c>.
/// </summary>
public static class StepServiceScopes
{
    /// <summary>
    /// Makes each step attempt's services an async scope of <paramref name="services"/> (through its
    /// <see cref="IServiceScopeFactory"/>), disposed when the attempt ends: scoped services are new for every attempt,
    /// singletons are shared.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="services"/> has no <see cref="IServiceScopeFactory"/>.</exception>
    public static Func<StepServiceScope> From(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return From(services.GetRequiredService<IServiceScopeFactory>());
    }

    /// <summary>Makes each step attempt's services a new async scope of <paramref name="scopes"/>, disposed when the attempt ends.</summary>
    public static Func<StepServiceScope> From(IServiceScopeFactory scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return () =>
        {
            var scope = scopes.CreateAsyncScope();
            return new StepServiceScope(scope.ServiceProvider, scope);
        };
    }
}

namespace IrlExec;

/// <summary>
/// The services of one step attempt (<see cref="StepContext.Services"/>): a provider, and what to dispose when the attempt
/// ends. <see cref="RunOptions.StepServices"/> makes one per attempt that asks for services.
/// </summary>
/// <remarks>
/// With Microsoft.Extensions.DependencyInjection: <c>var scope = scopeFactory.CreateAsyncScope(); return new
/// StepServiceScope(scope.ServiceProvider, scope);</c> (IrlExec.Hosting's <c>StepServiceScopes.From(provider)</c> does
/// exactly that).
/// </remarks>
public sealed class StepServiceScope : IAsyncDisposable
{
    private IDisposable? _owner;

    /// <summary>Creates the scope of one attempt.</summary>
    /// <param name="services">The provider the attempt's steps resolve services from.</param>
    /// <param name="owner">
    /// Disposed when the attempt ends (with <see cref="IAsyncDisposable.DisposeAsync"/> when it implements it, otherwise
    /// <see cref="IDisposable.Dispose"/>), e.g. the DI scope; null when nothing is to be disposed (a shared provider).
    /// </param>
    public StepServiceScope(IServiceProvider services, IDisposable? owner = null)
    {
        Services = services ?? throw new ArgumentNullException(nameof(services));
        _owner = owner;
    }

    /// <summary>The provider of this attempt's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Disposes the owner given to the constructor (once).</summary>
    public ValueTask DisposeAsync()
    {
        var owner = Interlocked.Exchange(ref _owner, null);
        if (owner is IAsyncDisposable asynchronous) return asynchronous.DisposeAsync();
        owner?.Dispose();
        return default;
    }
}

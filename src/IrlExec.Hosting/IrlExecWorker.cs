using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IrlExec.Hosting;

/// <summary>
/// The hosted worker: one for every store. Its work comes from the host's <see cref="IWorkSource"/> (the histories of the
/// filesystem root, or the PostgreSQL queue a fleet shares) and runs on the <see cref="ExecutionHost"/>, at most
/// <see cref="IrlExecOptions.MaxConcurrentExecutions"/> at once. On shutdown it stops taking work and lets running steps
/// finish within the host's shutdown timeout (see <see cref="ExecutionHost"/>).
/// </summary>
internal sealed class IrlExecWorker(ExecutionHost host, IWorkSource source, IOptions<IrlExecOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.EnableWorker) return;
        await Task.Yield();
        await source.RunAsync(stoppingToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        host.BeginDrain();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await host.DrainAsync(cancellationToken).ConfigureAwait(false);
    }
}

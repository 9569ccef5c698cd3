using System.Runtime.InteropServices;

namespace IrlExec;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for a program of your own that runs workflows: pass <see cref="Token"/> to
/// <c>RunAsync</c>, <c>SimulateAsync</c> or <c>ResumeAsync</c>, and a stop signal pauses the execution (PAUSED, reason
/// <c>cancelled</c>, resumable) instead of killing the process with the execution left IN_PROGRESS.
/// <para>
/// The first signal does not end the process: it cancels <see cref="Token"/>, so the running step's
/// <see cref="CancellationToken"/> is cancelled, and the run starts no further step; the run returns once the
/// execution is PAUSED and its files are written, and the program ends as it chooses. A second signal ends the process at
/// once, as without this class (what was committed is kept: a resume records the step as interrupted and runs it again).
/// A signal before the run has written anything (before its lease and first commit) makes the run throw
/// <see cref="OperationCanceledException"/> with nothing recorded; from its first commit on, a stop never throws.
/// </para>
/// <example>
/// <code>
/// using var stop = StopSignals.Listen();
/// var result = await runner.RunAsync(workflow, variables, cancellationToken: stop.Token);
/// if (stop.Received) Console.WriteLine($"Stopped: resume {result.ExecutionId} to continue.");
/// </code>
/// </example>
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    private StopSignals()
    {
    }

    /// <summary>Cancelled by the first Ctrl-C or SIGTERM.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Whether a stop signal arrived.</summary>
    public bool Received => Volatile.Read(ref _received) > 0;

    /// <summary>
    /// Listens for Ctrl-C (SIGINT) and SIGTERM until disposed. Where the platform has no such signals (a browser), the
    /// token is never cancelled.
    /// </summary>
    public static StopSignals Listen()
    {
        var signals = new StopSignals();
        if (OperatingSystem.IsBrowser() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsMacCatalyst()) return signals;
        signals._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, signals.OnSignal));
        signals._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, signals.OnSignal));
        return signals;
    }

    private void OnSignal(PosixSignalContext context)
    {
        // The first signal stops the run and keeps the process; a later one is handled as if nobody listened: it ends it.
        if (Interlocked.Increment(ref _received) > 1) return;
        context.Cancel = true;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed while the signal arrived: nothing runs any more.
        }
    }

    /// <summary>Stops listening: the signals end the process again.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _registrations.Clear();
        _stop.Dispose();
    }
}

using System.Diagnostics;

namespace IrlExec;

/// <summary>
/// Lets the views' background passes give their core to the running steps now and then.
/// </summary>
/// <remarks>
/// A step's commit waits for its fsync; when it completes, Linux may wake the waiting thread on the core a background
/// pass keeps busy rendering, and let it wait there for the pass's time slice: steps stalled for 2 to 4 ms at each of a
/// 500-step run's two longest passes (its first, which renders the whole plan, and the one after 50 ms). A plain loop of
/// appends and fsyncs stalls the same way next to a thread that only burns CPU, and a burning observer that yields every
/// 50 µs removed most of the stalls (docs/performance.md, "Tenth round"). The renderers call <see cref="Yield"/> once
/// per element; it does something only inside a background pass (<see cref="Begin"/>), never in a pass the run waits
/// for, where the steps are not running.
/// </remarks>
internal static class BackgroundWork
{
    /// <summary>The least work between two yields: short next to the stalls, long next to a yield's cost (about 1 µs).</summary>
    internal static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(0.05);

    private static readonly long SliceTicks = (long)(Slice.TotalSeconds * Stopwatch.Frequency);

    // Whether the flow runs a background pass: it flows into the observers' calls, and not out of the pass.
    private static readonly AsyncLocal<bool> s_inBackgroundPass = new();

    [ThreadStatic]
    private static long t_sliceStart;

    [ThreadStatic]
    private static long t_yields;

    /// <summary>How many times <see cref="Yield"/> gave up the core on the calling thread (for tests).</summary>
    internal static long YieldsOnThisThread => t_yields;

    /// <summary>Marks the rest of the calling async flow (a background pass) as background work.</summary>
    public static void Begin() => s_inBackgroundPass.Value = true;

    /// <summary>
    /// In a background pass, gives up the core (<see cref="Thread.Yield"/>) when at least <see cref="Slice"/> has passed
    /// since this thread last did; otherwise returns at once.
    /// </summary>
    public static void Yield()
    {
        if (!s_inBackgroundPass.Value) return;
        var now = Stopwatch.GetTimestamp();
        if (t_sliceStart == 0)
        {
            t_sliceStart = now;
            return;
        }
        if (now - t_sliceStart < SliceTicks) return;
        Thread.Yield();
        t_yields++;
        t_sliceStart = Stopwatch.GetTimestamp();
    }
}

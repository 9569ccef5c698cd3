using System.Diagnostics;
using System.Globalization;

namespace IrlExec.Benchmarks.Infrastructure;

/// <summary>
/// The bookkeeping of a paired benchmark: one whose every invocation runs both a floor segment and the case it is
/// compared with, so that both share every second of the run (docs/performance.md, sections 5 and 9). It times each
/// segment, sums them per iteration (the benchmark's [IterationSetup] and [IterationCleanup] call
/// <see cref="BeginIteration"/> and <see cref="EndIteration"/>), and prints the ratio of the measured iterations: the
/// engine runs them last, so they are the last <c>measured</c> of those recorded.
/// </summary>
internal sealed class PairedIterations(int stepsPerSegment, int invocationsPerIteration, int measuredIterations)
{
    private readonly List<(long Floor, long Run)> _iterations = [];
    private long _invocations;
    private long _floorTicks;
    private long _runTicks;

    public void BeginIteration() => _floorTicks = _runTicks = 0;

    public void EndIteration() => _iterations.Add((_floorTicks, _runTicks));

    /// <summary>Runs the floor segment and the case, in turn: which goes first alternates from one invocation to the next.</summary>
    public void Invoke(Action floor, Action run)
    {
        if ((_invocations++ & 1) == 0)
        {
            _floorTicks += Time(floor);
            _runTicks += Time(run);
        }
        else
        {
            _runTicks += Time(run);
            _floorTicks += Time(floor);
        }
    }

    /// <summary>Prints the measured iterations' ratio (run over floor): their median and range, the ratio of the sums, and each case's time per step.</summary>
    public void Print()
    {
        var measured = _iterations.TakeLast(measuredIterations).Where(i => i.Floor > 0 && i.Run > 0).ToList();
        if (measured.Count == 0) return;
        var ratios = measured.Select(i => (double)i.Run / i.Floor).Order().ToList();
        var floorPerStep = measured.Select(i => PerStep(i.Floor)).Order().ToList();
        var runPerStep = measured.Select(i => PerStep(i.Run)).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// paired, the last {measured.Count} of {_iterations.Count} iterations: run / floor median {Median(ratios):F3} (range {ratios[0]:F3} to {ratios[^1]:F3}), ratio of the sums {(double)measured.Sum(i => i.Run) / measured.Sum(i => i.Floor):F3}; per step, medians: floor {Median(floorPerStep):F1} us, run {Median(runPerStep):F1} us"));
    }

    private static long Time(Action segment)
    {
        var began = Stopwatch.GetTimestamp();
        segment();
        return Stopwatch.GetTimestamp() - began;
    }

    private double PerStep(long ticks) => ticks * 1e6 / Stopwatch.Frequency / ((double)stepsPerSegment * invocationsPerIteration);

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

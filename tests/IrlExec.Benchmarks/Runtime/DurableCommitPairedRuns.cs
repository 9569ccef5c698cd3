using System.Diagnostics;
using System.Globalization;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// <c>durable-paired N</c>: a supporting figure for the 100-step row of <see cref="DurableCommitBenchmarks"/>, outside
/// BenchmarkDotNet. Its two cases, in alternation (the order swapped every round), so that a change of the disk's
/// latency weighs on both alike: the floor (100 appends of one step's history bytes to one file, each followed by an
/// fsync) and the runner (one 100-step run, <see cref="WorkflowRunner.ForDirectory"/>, every view, EXECUTION mode, into
/// one kept root). After 100 rounds of warm-up, prints the median per step of each, the ratio of the medians and the
/// median of the rounds' own ratios, and where a run's time goes (medians): until its first step starts (the lease,
/// the run label, the creation's fsync), its steps, and from its last step's start until it returned (that step's
/// commit with the completion, and the views of the end); and by processor (<see cref="CurrentCpu"/>), the share of
/// the floor's fsyncs and of the run's steps on each, and the median ratio of the rounds that had both on one.
/// </summary>
internal static class DurableCommitPairedRuns
{
    private const int Steps = 100;
    private const int WarmUpRounds = 100;

    public static async Task RunAsync(int rounds)
    {
        // IRLEXEC_START_FILES=0: the store does not make a start's files ahead (StartFiles), for comparison.
        StartFiles.Enabled = Environment.GetEnvironmentVariable("IRLEXEC_START_FILES") != "0";
        var root = BenchWorkflows.NewRoot("durable-paired");
        try
        {
            var runner = WorkflowRunner.ForDirectory(root);
            var marks = new StepMarks();
            var workflow = BenchWorkflows.Typical("durable-paired", Steps, () => new MarkingStep(marks));
            var first = await runner.RunAsync(workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
            var stepBytes = DurableCommitBenchmarks.StepBytes(new ExecutionLayout(root).HistoryFile(first.ExecutionId), step: 2);
            using var floorFile = new FileStream(Path.Combine(root, "floor.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);

            var floor = new List<double>();
            var run = new List<double>();
            var ratios = new List<double>();
            var start = new List<double>();
            var body = new List<double>();
            var end = new List<double>();
            // The processor each fsync returned on (floor) or each step began on (runner: right after the previous
            // commit's fsync), counted per round: the disk's interrupts go to one processor, and an fsync waiting on the
            // other one costs more (docs/performance.md, section 5). Rounds whose floor and run sat mostly on the same
            // processor give a ratio free of that.
            var cpuCounts = new SortedDictionary<int, (int Floor, int Run)>();
            var sameCpuRatios = new SortedDictionary<int, List<double>>();
            for (var round = -WarmUpRounds; round < rounds; round++)
            {
                double floorStep = 0, runStep = 0;
                var floorCpus = new Dictionary<int, int>();
                for (var k = 0; k < 2; k++)
                {
                    if ((k == 0) == (round % 2 == 0))
                    {
                        var began = Stopwatch.GetTimestamp();
                        for (var i = 0; i < Steps; i++)
                        {
                            floorFile.Write(stepBytes);
                            floorFile.Flush(flushToDisk: true);
                            var cpu = CurrentCpu.Get();
                            floorCpus[cpu] = floorCpus.GetValueOrDefault(cpu) + 1;
                        }
                        floorStep = Stopwatch.GetElapsedTime(began).TotalMicroseconds / Steps;
                    }
                    else
                    {
                        marks.Reset();
                        var began = Stopwatch.GetTimestamp();
                        var result = await runner.RunAsync(workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
                        var ended = Stopwatch.GetTimestamp();
                        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
                        runStep = Stopwatch.GetElapsedTime(began, ended).TotalMicroseconds / Steps;
                        if (round >= 0)
                        {
                            start.Add(Stopwatch.GetElapsedTime(began, marks.First).TotalMicroseconds);
                            body.Add(Stopwatch.GetElapsedTime(marks.First, marks.Last).TotalMicroseconds);
                            end.Add(Stopwatch.GetElapsedTime(marks.Last, ended).TotalMicroseconds);
                        }
                    }
                }
                if (round < 0) continue;
                floor.Add(floorStep);
                run.Add(runStep);
                ratios.Add(runStep / floorStep);
                foreach (var (cpu, n) in floorCpus) cpuCounts[cpu] = (cpuCounts.GetValueOrDefault(cpu).Floor + n, cpuCounts.GetValueOrDefault(cpu).Run);
                foreach (var (cpu, n) in marks.Cpus) cpuCounts[cpu] = (cpuCounts.GetValueOrDefault(cpu).Floor, cpuCounts.GetValueOrDefault(cpu).Run + n);
                var floorCpu = floorCpus.MaxBy(p => p.Value).Key;
                var runCpu = marks.Cpus.Count > 0 ? marks.Cpus.MaxBy(p => p.Value).Key : -2;
                if (floorCpu == runCpu && floorCpus[floorCpu] >= Steps * 9 / 10 && marks.Cpus[runCpu] >= Steps * 9 / 10)
                {
                    (sameCpuRatios.TryGetValue(floorCpu, out var list) ? list : sameCpuRatios[floorCpu] = []).Add(runStep / floorStep);
                }
            }

            var inv = CultureInfo.InvariantCulture;
            var floorMedian = Median(floor);
            var runMedian = Median(run);
            Console.WriteLine(string.Create(inv, $"durable-paired: {rounds} rounds, per step ({Steps} steps a round), load average {LoadAverage()}"));
            Console.WriteLine(string.Create(inv, $"  floor   median {floorMedian,8:F1} us  (mean {floor.Average(),8:F1} us)"));
            Console.WriteLine(string.Create(inv, $"  runner  median {runMedian,8:F1} us  (mean {run.Average(),8:F1} us)  ratio of medians {runMedian / floorMedian:F3}, median of the rounds' ratios {Median(ratios):F3}"));
            var floorTotal = Math.Max(1, cpuCounts.Values.Sum(c => c.Floor));
            var runTotal = Math.Max(1, cpuCounts.Values.Sum(c => c.Run));
            Console.WriteLine("  by processor: " + string.Join(", ", cpuCounts.Select(c => string.Create(inv,
                $"cpu {c.Key}: {100.0 * c.Value.Floor / floorTotal:F0} % of the floor's fsyncs, {100.0 * c.Value.Run / runTotal:F0} % of the steps")))
                + "; rounds with both on one processor (90 % of each), median of their ratios: "
                + (sameCpuRatios.Count == 0 ? "none" : string.Join(", ", sameCpuRatios.Select(r => string.Create(inv, $"cpu {r.Key}: {Median(r.Value):F3} ({r.Value.Count} rounds)")))));
            foreach (var line in CurrentCpu.BlockInterrupts()) Console.WriteLine("  block completions by processor (/proc/interrupts): " + line);
            Console.WriteLine(string.Create(inv, $"  a run (medians): until step 1 starts {Median(start),7:F0} us, steps 1 to {Steps} {Median(body),8:F0} us ({Median(body) / (Steps - 1),6:F1} us a step), from the last step's start to the end {Median(end),7:F0} us"));
        }
        finally
        {
            BenchWorkflows.DeleteRoot(root);
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    // When the run's first and last steps started (Stopwatch timestamps).
    private sealed class StepMarks
    {
        public long First;
        public long Last;

        /// <summary>How many of the run's steps began on each processor.</summary>
        public Dictionary<int, int> Cpus { get; } = [];

        public void Reset()
        {
            First = Last = 0;
            Cpus.Clear();
        }
    }

    private sealed class MarkingStep(StepMarks marks) : TypicalStep
    {
        public override ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var now = Stopwatch.GetTimestamp();
            var cpu = CurrentCpu.Get();
            marks.Cpus[cpu] = marks.Cpus.GetValueOrDefault(cpu) + 1;
            if (context.Step.Order == 1) marks.First = now;
            if (context.Step.Order == Steps) marks.Last = now;
            return base.ExecuteAsync(context, cancellationToken);
        }
    }
}

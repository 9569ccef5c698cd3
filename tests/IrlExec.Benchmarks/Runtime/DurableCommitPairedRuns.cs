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
/// commit with the completion, and the views of the end).
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
            for (var round = -WarmUpRounds; round < rounds; round++)
            {
                double floorStep = 0, runStep = 0;
                for (var k = 0; k < 2; k++)
                {
                    if ((k == 0) == (round % 2 == 0))
                    {
                        var began = Stopwatch.GetTimestamp();
                        for (var i = 0; i < Steps; i++)
                        {
                            floorFile.Write(stepBytes);
                            floorFile.Flush(flushToDisk: true);
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
            }

            var inv = CultureInfo.InvariantCulture;
            var floorMedian = Median(floor);
            var runMedian = Median(run);
            Console.WriteLine(string.Create(inv, $"durable-paired: {rounds} rounds, per step ({Steps} steps a round), load average {LoadAverage()}"));
            Console.WriteLine(string.Create(inv, $"  floor   median {floorMedian,8:F1} us  (mean {floor.Average(),8:F1} us)"));
            Console.WriteLine(string.Create(inv, $"  runner  median {runMedian,8:F1} us  (mean {run.Average(),8:F1} us)  ratio of medians {runMedian / floorMedian:F3}, median of the rounds' ratios {Median(ratios):F3}"));
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

        public void Reset() => First = Last = 0;
    }

    private sealed class MarkingStep(StepMarks marks) : TypicalStep
    {
        public override ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var now = Stopwatch.GetTimestamp();
            if (context.Step.Order == 1) marks.First = now;
            if (context.Step.Order == Steps) marks.Last = now;
            return base.ExecuteAsync(context, cancellationToken);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// <c>durable-trace N</c>: where the start and the end of a 100-step durable run (the 100-step row of
/// <see cref="DurableCommitBenchmarks"/>, as <see cref="DurableCommitPairedRuns"/> runs it, a floor of 100 fsync'd appends
/// between runs) spend their time. The runtime's marks (<see cref="RunTrace"/>) are kept for N runs after 100 of warm-up;
/// prints, for each mark, its median time from the run's call (start) or from the last step's start (end), the median
/// gap to the mark before it, and the thread it was taken on (a: the one the window began on).
/// </summary>
internal static class DurableRunTrace
{
    private const int Steps = 100;
    private const int WarmUpRounds = 100;
    private const string FirstStep = "step 1>";
    private const string LastStep = "step 100>";
    private const string Returned = "run returned";

    public static async Task RunAsync(int rounds)
    {
        // A 100-step run on a quiet machine takes about 25 ms and has no background pass: every view is written at its
        // end. A loaded machine makes the run outlast the first pass's delay; the delay is lengthened so that its end is
        // the quiet machine's (set IRLEXEC_TRACE_FIRST_PASS_MS to choose it; 0 keeps the runtime's).
        var delay = int.TryParse(Environment.GetEnvironmentVariable("IRLEXEC_TRACE_FIRST_PASS_MS"), CultureInfo.InvariantCulture, out var ms) ? ms : 10_000;
        if (delay > 0) ViewScheduler.FirstPassDelay = TimeSpan.FromMilliseconds(delay);
        // IRLEXEC_TRACE_OTHERS_AFTER_DISK=1: the end's other views start only once the README's fsync has returned (what
        // their file work next to that fsync costs it).
        ViewScheduler.OthersAfterDisk = Environment.GetEnvironmentVariable("IRLEXEC_TRACE_OTHERS_AFTER_DISK") == "1";
        var root = BenchWorkflows.NewRoot("durable-trace");
        try
        {
            var runner = WorkflowRunner.ForDirectory(root);
            var workflow = BenchWorkflows.Typical("durable-trace", Steps, () => new MarkingStep());
            var first = await runner.RunAsync(workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
            var stepBytes = DurableCommitBenchmarks.StepBytes(new ExecutionLayout(root).HistoryFile(first.ExecutionId), step: 2);
            using var floorFile = new FileStream(Path.Combine(root, "floor.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
            var start = new Window();
            var end = new Window();
            // IRLEXEC_TRACE_AB=1: every other run without the files made ahead (ViewScheduler.PrepareFilesAhead), compared
            // in pairs; the tables are of the runs with them.
            var alternate = Environment.GetEnvironmentVariable("IRLEXEC_TRACE_AB") == "1";
            var totals = new[] { new List<double>(), new List<double>() }; // end, with / without
            var starts = new[] { new List<double>(), new List<double>() };
            var withBackgroundPass = 0;
            for (var round = -WarmUpRounds; round < rounds; round++)
            {
                for (var i = 0; i < Steps; i++)
                {
                    floorFile.Write(stepBytes);
                    floorFile.Flush(flushToDisk: true);
                }
                var without = alternate && round % 2 != 0;
                ViewScheduler.PrepareFilesAhead = !without;
                RunTrace.Start(4096);
                var result = await runner.RunAsync(workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
                RunTrace.Mark(Returned);
                RunTrace.Enabled = false;
                if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
                var marks = RunTrace.Take();
                if (round < 0) continue;
                if (marks.Exists(m => m.What == "background pass"))
                {
                    withBackgroundPass++; // a run slower than the first background pass's delay: not the quiet machine's case
                    continue;
                }
                var firstStep = marks.FindIndex(m => m.What == FirstStep);
                var lastStep = marks.FindIndex(m => m.What == LastStep);
                var arm = without ? 1 : 0;
                totals[arm].Add(Stopwatch.GetElapsedTime(marks[lastStep].At, marks[^1].At).TotalMicroseconds);
                starts[arm].Add(Stopwatch.GetElapsedTime(marks[0].At, marks[firstStep].At).TotalMicroseconds);
                if (without) continue;
                start.Add(marks[..(firstStep + 1)]);
                end.Add(marks[lastStep..]);
            }
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"durable-trace: {rounds} runs of {Steps} steps, load average {File.ReadAllText("/proc/loadavg").Trim()}; {withBackgroundPass} runs left out (a background pass ran: a run slower than 50 ms)"));
            if (alternate)
            {
                Console.WriteLine(string.Create(inv, $"  files made ahead: start {Window.Median(starts[0]),6:F0} us, end {Window.Median(totals[0]),6:F0} us ({totals[0].Count} runs)"));
                Console.WriteLine(string.Create(inv, $"  without:          start {Window.Median(starts[1]),6:F0} us, end {Window.Median(totals[1]),6:F0} us ({totals[1].Count} runs)"));
            }
            Console.WriteLine("START (from the run's call; µs, medians)");
            start.Print();
            Console.WriteLine("END (from the last step's start; µs, medians)");
            end.Print();
        }
        finally
        {
            RunTrace.Enabled = false;
            ViewScheduler.PrepareFilesAhead = true;
            BenchWorkflows.DeleteRoot(root);
        }
    }

    // The marks of one window of every run, by name (a name taken twice in a window is counted: "append>#2").
    private sealed class Window
    {
        private readonly Dictionary<string, List<double>> _offsets = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<char, int>> _threads = new(StringComparer.Ordinal);
        private int _runs;

        public void Add(List<(string What, long At, int Thread)> marks)
        {
            _runs++;
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var threads = new Dictionary<int, char>();
            var origin = marks[0].At;
            foreach (var (named, at, thread) in marks)
            {
                // A file named after the run counts as one file across runs.
                var what = System.Text.RegularExpressions.Regex.Replace(named, @"exec_\w+|durable-trace-[\w-]+-\d{3}", "<run>");
                var n = seen[what] = seen.GetValueOrDefault(what) + 1;
                var name = n == 1 ? what : what + "#" + n.ToString(CultureInfo.InvariantCulture);
                if (!threads.TryGetValue(thread, out var letter)) threads[thread] = letter = (char)('a' + threads.Count);
                (_offsets.TryGetValue(name, out var list) ? list : _offsets[name] = []).Add(Stopwatch.GetElapsedTime(origin, at).TotalMicroseconds);
                var counts = _threads.TryGetValue(name, out var c) ? c : _threads[name] = [];
                counts[letter] = counts.GetValueOrDefault(letter) + 1;
            }
        }

        public void Print()
        {
            var rows = _offsets.Select(p => (Name: p.Key, Median: Median(p.Value), Count: p.Value.Count)).OrderBy(r => r.Median).ToList();
            double previous = 0;
            foreach (var (name, median, count) in rows)
            {
                var thread = _threads[name].MaxBy(t => t.Value).Key;
                var seen = count == _runs ? "" : string.Create(CultureInfo.InvariantCulture, $"  (in {count} of {_runs} runs)");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {median,8:F0} {median - previous,+7:F0}  {thread}  {name}{seen}"));
                previous = median;
            }
        }

        public static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    private sealed class MarkingStep : TypicalStep
    {
        public override ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (context.Step.Order == 1) RunTrace.Mark(FirstStep);
            if (context.Step.Order == Steps) RunTrace.Mark(LastStep);
            return base.ExecuteAsync(context, cancellationToken);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// <c>durable-trace N</c>: where the start, the steps and the end of a 100-step durable run (the 100-step row of
/// <see cref="DurableCommitBenchmarks"/>, as <see cref="DurableCommitPairedRuns"/> runs it, a floor of 100 fsync'd appends
/// between runs) spend their time. The runtime's marks (<see cref="RunTrace"/>) are kept for N runs after 100 of warm-up;
/// prints the floor's append (its write and fsync, medians), the steps (each step's start to the next one's, split at its
/// commit's append: the step's code to the append, the records encoded, written, flushed, and the flush to the next step's
/// code; by the step's place in the run), and for each mark of the start and the end, its median time from the run's
/// call (start) or from the last step's start (end), the median gap to the mark before it, and the thread it was taken on
/// (a: the one the window began on).
/// </summary>
internal static class DurableRunTrace
{
    private const int Steps = 100;
    private const int WarmUpRounds = 100;
    private const string FirstStep = "step 1>";
    private const string LastStep = "step 100>";
    private const string OtherStep = "step>";
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
            // IRLEXEC_TRACE_START_AB=1: every other run without the start's files made ahead (StartFiles: the lock file, the
            // label's log, the history's file), compared in pairs likewise.
            var alternateStart = Environment.GetEnvironmentVariable("IRLEXEC_TRACE_START_AB") == "1";
            alternate |= alternateStart;
            // IRLEXEC_TRACE_AB=manifest: every other run renders the README the older way (each table apart, the result
            // read back: ManifestDocument.RendersInOnePass off), compared in pairs likewise.
            var alternateManifest = Environment.GetEnvironmentVariable("IRLEXEC_TRACE_AB") == "manifest";
            alternate |= alternateManifest;
            // IRLEXEC_TRACE_AB=warm: every other run without the views rendered ahead (ViewScheduler.WarmAhead off).
            var alternateWarm = Environment.GetEnvironmentVariable("IRLEXEC_TRACE_AB") == "warm";
            alternate |= alternateWarm;
            // IRLEXEC_START_FILES_POOL=1: they are made on a pool thread instead of the idle-priority one.
            StartFiles.OnIdleThread = Environment.GetEnvironmentVariable("IRLEXEC_START_FILES_POOL") != "1";
            var totals = new[] { new List<double>(), new List<double>() }; // end, with / without
            var runs = new[] { new List<double>(), new List<double>() }; // whole run, with / without
            var readmes = new[] { new List<double>(), new List<double>() };
            var starts = new[] { new List<double>(), new List<double>() };
            var perStep = new[] { new List<double>(), new List<double>() }; // step 1's start to step 100's, per step
            var refills = new List<(double From, double Took)>(); // the start's files made: from step 1's start, and how long
            var withBackgroundPass = 0;
            // IRLEXEC_TRACE_BACKGROUND=1: the runs rotate through the background work of the run's first commit (the files
            // made ahead, the active list's entry): both, each alone, neither; a STEPS table for each.
            var background = Environment.GetEnvironmentVariable("IRLEXEC_TRACE_BACKGROUND") == "1";
            (string Name, bool Prepare, bool Mark)[] configs = background
                ? [("both", true, true), ("files made ahead only", true, false), ("active list only", false, true), ("neither", false, false)]
                : [("", true, true)];
            var steps = configs.Select(_ => new StepWindow()).ToArray();
            var wholes = configs.Select(_ => (Start: new List<double>(), End: new List<double>(), Run: new List<double>())).ToArray();
            var floor = new FloorAppends();
            // IRLEXEC_TRACE_DUMP=1: also prints every mark of the end of the runs whose end is the median (and the quartiles).
            var dump = Environment.GetEnvironmentVariable("IRLEXEC_TRACE_DUMP") == "1";
            var dumped = new List<(double Total, List<(string What, long At, int Thread)> Marks)>();
            for (var round = -WarmUpRounds; round < rounds; round++)
            {
                for (var i = 0; i < Steps; i++)
                {
                    var before = Stopwatch.GetTimestamp();
                    floorFile.Write(stepBytes);
                    var written = Stopwatch.GetTimestamp();
                    floorFile.Flush(flushToDisk: true);
                    var flushed = Stopwatch.GetTimestamp();
                    if (round >= 0 && i > 0) floor.Add(Stopwatch.GetElapsedTime(before, written).TotalMicroseconds, Stopwatch.GetElapsedTime(written, flushed).TotalMicroseconds, CurrentCpu.Get());
                }
                var without = alternate && round % 2 != 0;
                var config = (round + WarmUpRounds) % configs.Length;
                if (alternateStart) StartFiles.Enabled = !without;
                if (alternateManifest) ManifestDocument.RendersInOnePass = !without;
                if (alternateWarm) ViewScheduler.WarmAhead = !without;
                ViewScheduler.PrepareFilesAhead = (alternateStart || alternateManifest || alternateWarm || !without) && configs[config].Prepare;
                ViewScheduler.MarkStartAhead = configs[config].Mark;
                Array.Fill(StepCpus, -1);
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
                runs[arm].Add(Stopwatch.GetElapsedTime(marks[0].At, marks[^1].At).TotalMicroseconds);
                starts[arm].Add(Stopwatch.GetElapsedTime(marks[0].At, marks[firstStep].At).TotalMicroseconds);
                perStep[arm].Add(Stopwatch.GetElapsedTime(marks[firstStep].At, marks[lastStep].At).TotalMicroseconds / (Steps - 1));
                // The README's update before its write, the end's (its lock taken and the file read: from "m read" to "m rendered").
                var readmeRead = marks.FindLastIndex(m => m.What == "m read");
                var readmeRendered = marks.FindLastIndex(m => m.What == "m rendered");
                if (readmeRead > lastStep && readmeRendered > readmeRead) readmes[arm].Add(Stopwatch.GetElapsedTime(marks[readmeRead].At, marks[readmeRendered].At).TotalMicroseconds);
                var refill = marks.FindIndex(m => m.What == "start files>");
                var refilled = marks.FindIndex(m => m.What == "start files<");
                if (refill >= 0 && refilled > refill)
                {
                    refills.Add((Stopwatch.GetElapsedTime(marks[firstStep].At, marks[refill].At).TotalMicroseconds, Stopwatch.GetElapsedTime(marks[refill].At, marks[refilled].At).TotalMicroseconds));
                }
                if (without) continue;
                wholes[config].Start.Add(Stopwatch.GetElapsedTime(marks[0].At, marks[firstStep].At).TotalMicroseconds);
                wholes[config].End.Add(Stopwatch.GetElapsedTime(marks[lastStep].At, marks[^1].At).TotalMicroseconds);
                wholes[config].Run.Add(Stopwatch.GetElapsedTime(marks[0].At, marks[^1].At).TotalMicroseconds);
                steps[config].Add(marks[firstStep..(lastStep + 1)], StepCpus);
                if (config != 0) continue;
                start.Add(marks[..(firstStep + 1)].Where(m => m.What != OtherStep).ToList());
                end.Add(marks[lastStep..]);
                if (dump) dumped.Add((wholes[config].End[^1], marks[lastStep..]));
            }
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"durable-trace: {rounds} runs of {Steps} steps, load average {File.ReadAllText("/proc/loadavg").Trim()}; {withBackgroundPass} runs left out (a background pass ran: a run slower than 50 ms)"));
            if (alternate)
            {
                Console.WriteLine(string.Create(inv, $"  files made ahead: start {Window.Median(starts[0]),6:F0} us, steps {Window.Median(perStep[0]),6:F1} us each, end {Window.Median(totals[0]),6:F0} us, whole run {Window.Median(runs[0]),7:F0} us ({totals[0].Count} runs)"));
                Console.WriteLine(string.Create(inv, $"  without:          start {Window.Median(starts[1]),6:F0} us, steps {Window.Median(perStep[1]),6:F1} us each, end {Window.Median(totals[1]),6:F0} us, whole run {Window.Median(runs[1]),7:F0} us ({totals[1].Count} runs)"));
                if (readmes[0].Count > 0 && readmes[1].Count > 0) Console.WriteLine(string.Create(inv, $"  README read to rendered at the end: {Window.Median(readmes[0]),6:F0} us vs {Window.Median(readmes[1]),6:F0} us without"));
            }
            if (refills.Count > 0)
            {
                Console.WriteLine(string.Create(inv, $"  start's files made ahead in {refills.Count} runs: from {Window.Median([.. refills.Select(r => r.From)]),6:F0} us after step 1's start, for {Window.Median([.. refills.Select(r => r.Took)]),6:F0} us"));
            }
            floor.Print();
            foreach (var line in CurrentCpu.BlockInterrupts()) Console.WriteLine("  block completions by processor (/proc/interrupts): " + line);
            for (var c = 0; c < configs.Length; c++)
            {
                steps[c].Print(configs[c].Name);
                if (wholes[c].Run.Count > 0) Console.WriteLine(string.Create(inv, $"  medians: start {Window.Median(wholes[c].Start),6:F0} us, end {Window.Median(wholes[c].End),6:F0} us, whole run {Window.Median(wholes[c].Run),7:F0} us ({Window.Median(wholes[c].Run) / Steps,6:F1} us a step)"));
            }
            Console.WriteLine("START (from the run's call; µs, medians)");
            start.Print();
            Console.WriteLine("END (from the last step's start; µs, medians)");
            end.Print();
            if (dump && dumped.Count > 0)
            {
                dumped.Sort((x, y) => x.Total.CompareTo(y.Total));
                foreach (var q in new[] { dumped.Count / 4, dumped.Count / 2, dumped.Count * 3 / 4 })
                {
                    var (total, marks) = dumped[q];
                    // The run's start on the monotonic clock (Stopwatch: CLOCK_MONOTONIC on Linux, ftrace's "mono" trace_clock) and
                    // its threads' OS ids (a, b, ... in order), to read the marks beside a scheduler trace of the same run.
                    Console.WriteLine(string.Create(inv, $"END of a run at rank {q} of {dumped.Count} ({total:F0} us; starts at monotonic {marks[0].At / (double)Stopwatch.Frequency:F6} s; threads: {string.Join(", ", marks.Select(m => m.Thread).Distinct())})"));
                    var threads = new Dictionary<int, char>();
                    var origin = marks[0].At;
                    var previous = origin;
                    foreach (var (what, at, thread) in marks)
                    {
                        if (!threads.TryGetValue(thread, out var letter)) threads[thread] = letter = (char)('a' + threads.Count);
                        Console.WriteLine(string.Create(inv, $"  {Stopwatch.GetElapsedTime(origin, at).TotalMicroseconds,8:F0} {Stopwatch.GetElapsedTime(previous, at).TotalMicroseconds,+7:F0}  {letter}  {what}"));
                        previous = at;
                    }
                }
            }
        }
        finally
        {
            RunTrace.Enabled = false;
            ViewScheduler.PrepareFilesAhead = true;
            ViewScheduler.MarkStartAhead = true;
            StartFiles.Enabled = true;
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

    // The floor's appends between runs: each one's write and fsync.
    private sealed class FloorAppends
    {
        private readonly List<double> _writes = [];
        private readonly List<double> _flushes = [];
        private readonly List<double> _wholes = [];
        private readonly ByCpu _byCpu = new();

        public void Add(double write, double flush, int cpu)
        {
            _writes.Add(write);
            _flushes.Add(flush);
            _wholes.Add(write + flush);
            _byCpu.Add(cpu, flush);
        }

        public void Print()
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"FLOOR (an fsync'd append of one step's bytes, between runs; µs, medians): write {Window.Median(_writes),6:F1}, fsync {Window.Median(_flushes),6:F1}, whole {Window.Median(_wholes),6:F1}, mean {_wholes.Average(),6:F1}"));
            Console.WriteLine("  floor's fsync by the processor it returned on: " + _byCpu);
        }
    }

    // The steps between the first and the last step's start: for step k, from its start to step k+1's, split at the
    // history append's marks (the commit of step k's end with step k+1's start, one append and one fsync): the step's
    // own code and its end up to the append, the records encoded, written, flushed, and from the flush to the next step's
    // code. Grouped by the step's place in the run (the first steps meet the background work of the run's first commit).
    private sealed class StepWindow
    {
        private static readonly string[] Parts = ["to append", "encode", "write", "fsync", "after fsync", "whole"];
        private static readonly (int From, int To)[] Groups = [(1, 1), (2, 2), (3, 10), (11, 18), (19, 19), (20, 30), (31, 99), (2, 99), (1, 99)];
        private readonly List<double>[][] _values = Groups.Select(_ => Parts.Select(_ => new List<double>()).ToArray()).ToArray();
        private readonly List<double>[] _others = Groups.Select(_ => new List<double>()).ToArray();
        private readonly List<double> _bodies = [];
        private readonly ByCpu _byCpu = new(); // steps 2-99: the fsync by the processor the next step began on

        public void Add(List<(string What, long At, int Thread)> marks, int[] cpus)
        {
            var thread = marks[0].Thread;
            var starts = new List<int>();
            for (var i = 0; i < marks.Count; i++)
            {
                if (marks[i].Thread == thread && marks[i].What is FirstStep or OtherStep or LastStep) starts.Add(i);
            }
            if (starts.Count > 1) _bodies.Add(Stopwatch.GetElapsedTime(marks[starts[0]].At, marks[starts[^1]].At).TotalMicroseconds / (starts.Count - 1));
            for (var k = 0; k + 1 < starts.Count; k++)
            {
                var step = k + 1;
                long At(string what)
                {
                    for (var i = starts[k]; i < starts[k + 1]; i++)
                    {
                        if (marks[i].What == what) return marks[i].At;
                    }
                    return -1;
                }
                var begin = marks[starts[k]].At;
                var next = marks[starts[k + 1]].At;
                long append = At("append>"), encoded = At("append encoded"), written = At("append written"), flushed = At("append flushed");
                if (append < 0 || encoded < 0 || written < 0 || flushed < 0) continue;
                var others = 0;
                for (var i = starts[k]; i < starts[k + 1]; i++)
                {
                    if (marks[i].Thread != thread) others++;
                }
                double Us(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMicroseconds;
                double[] parts = [Us(begin, append), Us(append, encoded), Us(encoded, written), Us(written, flushed), Us(flushed, next), Us(begin, next)];
                if (step is >= 2 and <= 99) _byCpu.Add(cpus[step + 1], parts[3]);
                for (var g = 0; g < Groups.Length; g++)
                {
                    if (step < Groups[g].From || step > Groups[g].To) continue;
                    for (var p = 0; p < Parts.Length; p++) _values[g][p].Add(parts[p]);
                    _others[g].Add(others);
                }
            }
        }

        public void Print(string name)
        {
            var inv = CultureInfo.InvariantCulture;
            if (_values[0][0].Count == 0) return;
            Console.WriteLine(string.Create(inv, $"STEPS{(name.Length > 0 ? " [" + name + "]" : "")} (step k's start to step k+1's; µs, medians of {_values[0][0].Count} runs; marks: the other threads' marks in the step, mean)"));
            Console.WriteLine("  steps   " + string.Join("", Parts.Select(p => p.PadLeft(12))) + "       marks");
            for (var g = 0; g < Groups.Length; g++)
            {
                if (_values[g][0].Count == 0) continue;
                var row = string.Join("", _values[g].Select(v => Window.Median(v).ToString("F1", inv).PadLeft(12)));
                Console.WriteLine(string.Create(inv, $"  {Groups[g].From,2}-{Groups[g].To,-4}{row}  {_others[g].Average(),10:F2}"));
            }
            Console.WriteLine(string.Create(inv, $"  a run's steps, step 1's start to the last step's: median {Window.Median(_bodies):F1} us a step"));
            Console.WriteLine("  steps 2-99's fsync by the processor the next step began on (where the fsync returned): " + _byCpu);
        }
    }

    // Fsync times by the processor the thread was on when the fsync returned (-1: not known): the medians and counts.
    private sealed class ByCpu
    {
        private readonly SortedDictionary<int, List<double>> _values = [];

        public void Add(int cpu, double value) => (_values.TryGetValue(cpu, out var list) ? list : _values[cpu] = []).Add(value);

        public override string ToString()
        {
            var total = _values.Values.Sum(v => v.Count);
            return string.Join(", ", _values.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"cpu {p.Key}: {Window.Median(p.Value):F1} us ({100.0 * p.Value.Count / total:F0} %)")));
        }
    }

    // The processor each step of the current run began on (by the step's order; -1: not reached or not known). A step
    // begins on the thread its previous commit's fsync returned on, right after it (the "after fsync" part).
    private static readonly int[] StepCpus = new int[Steps + 1];

    private sealed class MarkingStep : TypicalStep
    {
        public override ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            StepCpus[context.Step.Order] = CurrentCpu.Get();
            RunTrace.Mark(context.Step.Order == 1 ? FirstStep : context.Step.Order == Steps ? LastStep : OtherStep);
            return base.ExecuteAsync(context, cancellationToken);
        }
    }
}

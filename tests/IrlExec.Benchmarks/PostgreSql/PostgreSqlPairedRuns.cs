using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using IrlExec.Benchmarks.Infrastructure;
using IrlExec.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace IrlExec.Benchmarks.PostgreSql;

/// <summary>
/// <c>pg-paired N</c>: a supporting figure for <see cref="PostgreSqlCommitBenchmarks"/>, outside BenchmarkDotNet. The same
/// three cases (the floor: 50 <c>INSERT</c>s of a step's bytes, each in its own committed transaction; the store: 50 step
/// commits under the lease; the runner: one 50-step run through <see cref="WorkflowRunner"/>), run in alternation, one of
/// each in turn (the order rotated every round), so that a change of the machine's load or of the server's WAL flush
/// weighs on all three alike. Prints the median per step of each and its ratio to the floor's, and, for the runner, where
/// a run's time goes: each kind of statement's share (from Npgsql's tracing, as the client sees it) and the rest.
/// Needs <c>IRLEXEC_TEST_POSTGRES</c>.
/// </summary>
internal static class PostgreSqlPairedRuns
{
    private const int Steps = 50;

    public static async Task RunAsync(int rounds)
    {
        var schema = BenchDatabase.NewSchema("paired");
        var store = BenchDatabase.Store(schema);
        var floor = BenchDatabase.FloorDataSource();
        try
        {
            var runner = new WorkflowRunner(store);
            var workflow = BenchWorkflows.Typical("pg-paired", Steps, static () => new TypicalStep());
            var first = await runner.RunAsync(workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
            var history = (await store.ReadAsync(first.ExecutionId, default).ConfigureAwait(false))!;
            var stepCommit = BenchDatabase.StepCommit(history);
            var stepBytes = BenchDatabase.Encode(stepCommit);
            await BenchDatabase.CreateFloorTableAsync(floor, schema).ConfigureAwait(false);
            const string executionId = "exec_bench_paired";
            await using var lease = await store.AcquireLeaseAsync(executionId, default).ConfigureAwait(false);
            long sequence = 0;

            async Task Floor()
            {
                for (var i = 0; i < Steps; i++) await BenchDatabase.InsertFloorAsync(floor, schema, ++sequence, stepBytes).ConfigureAwait(false);
            }
            async Task Store()
            {
                for (var i = 0; i < Steps; i++)
                {
                    foreach (var record in stepCommit) record.Sequence = ++sequence;
                    await store.AppendAsync(executionId, stepCommit, flushToDisk: true, default).ConfigureAwait(false);
                }
            }
            async Task Runner()
            {
                var result = await runner.RunAsync(workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
                if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
            }

            var cases = new (string Name, Func<Task> Run, List<double> Times)[] { ("floor", Floor, []), ("store", Store, []), ("runner", Runner, []) };
            for (var i = 0; i < 10; i++) foreach (var c in cases) await c.Run().ConfigureAwait(false);
            using var statements = new StatementTimes(schema);
            double runnerTotal = 0;
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < cases.Length; k++)
                {
                    var c = cases[(round + k) % cases.Length];
                    statements.Active = c.Name == "runner";
                    var started = Stopwatch.GetTimestamp();
                    await c.Run().ConfigureAwait(false);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                    c.Times.Add(elapsed / Steps);
                    if (c.Name == "runner") runnerTotal += elapsed;
                    statements.Active = false;
                }
            }
            var inv = CultureInfo.InvariantCulture;
            var floorMedian = Median(cases[0].Times);
            Console.WriteLine(string.Create(inv, $"pg-paired: {rounds} rounds, per step ({Steps} steps a round)"));
            foreach (var c in cases)
            {
                var median = Median(c.Times);
                Console.WriteLine(string.Create(inv, $"  {c.Name,-7} median {median,8:F1} us  ratio {median / floorMedian:F3}  (mean {c.Times.Average(),8:F1} us)"));
            }
            Console.WriteLine(string.Create(inv, $"  runner, per run ({runnerTotal / rounds:F0} us): statements by kind, count and mean time per run"));
            double inStatements = 0;
            foreach (var (kind, count, micros) in statements.Summary())
            {
                inStatements += micros;
                Console.WriteLine(string.Create(inv, $"    {kind,-10} {count / (double)rounds,6:F1}  {micros / rounds,9:F0} us"));
            }
            Console.WriteLine(string.Create(inv, $"    {"rest",-10} {"",6}  {(runnerTotal - inStatements) / rounds,9:F0} us (the runner's own work and waiting between statements)"));
        }
        finally
        {
            await store.DisposeAsync().ConfigureAwait(false);
            await floor.DisposeAsync().ConfigureAwait(false);
            await BenchDatabase.DropAsync(schema).ConfigureAwait(false);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    // Npgsql's activities (one per command or batch) on the schema while Active, by kind: count and total time.
    private sealed class StatementTimes : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly Dictionary<string, (int Count, double Micros)> _kinds = new(StringComparer.Ordinal);

        public StatementTimes(string schema)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = a =>
                {
                    if (!Active) return;
                    var text = (a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement")) as string;
                    if (text is null || !text.Contains(schema + ".", StringComparison.Ordinal)) return;
                    var kind = KindOf(text);
                    lock (_kinds)
                    {
                        _kinds.TryGetValue(kind, out var seen);
                        _kinds[kind] = (seen.Count + 1, seen.Micros + a.Duration.TotalMicroseconds);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public volatile bool Active;

        public List<(string Kind, int Count, double Micros)> Summary()
        {
            lock (_kinds) return _kinds.Select(p => (p.Key, p.Value.Count, p.Value.Micros)).OrderByDescending(p => p.Micros).ToList();
        }

        private static string KindOf(string text) =>
            text.Contains(".run_labels", StringComparison.Ordinal) && text.Contains(".leases", StringComparison.Ordinal) ? "begin"
            : text.Contains(".history (execution_id, sequence, record)", StringComparison.Ordinal)
                ? (text.Contains(".executions", StringComparison.Ordinal) ? "append+st" : "append")
            : text.Contains("FROM ", StringComparison.Ordinal) && text.Contains(".history WHERE", StringComparison.Ordinal) ? "read"
            : text.Contains(".run_labels", StringComparison.Ordinal) ? "label"
            : text.Contains("DELETE FROM", StringComparison.Ordinal) && text.Contains(".leases WHERE", StringComparison.Ordinal) ? "release"
            : text.Contains("INSERT INTO", StringComparison.Ordinal) && text.Contains(".leases", StringComparison.Ordinal) ? "lease"
            : text.Contains(".signals", StringComparison.Ordinal) ? "signals"
            : "other";

        public void Dispose() => _listener.Dispose();
    }
}

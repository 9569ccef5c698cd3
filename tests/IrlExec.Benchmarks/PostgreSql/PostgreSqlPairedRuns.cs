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
            var start = history.First(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 2);
            var stepCommit = history.SkipWhile(r => r != start).Skip(1).TakeWhile(r => !(r.Kind == ExecutionEventKind.StepStarted && r.Step == 3)).ToList();
            stepCommit.Add(history.First(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 3));
            var buffer = new ArrayBufferWriter<byte>();
            foreach (var record in stepCommit) HistoryCodec.Encode(record, buffer);
            var stepBytes = buffer.WrittenSpan.ToArray();
            await BenchDatabase.CreateFloorTableAsync(floor, schema).ConfigureAwait(false);
            const string executionId = "exec_bench_paired";
            await using var lease = await store.AcquireLeaseAsync(executionId, default).ConfigureAwait(false);
            long sequence = 0;

            async Task Floor()
            {
                for (var i = 0; i < Steps; i++)
                {
                    await using var command = floor.CreateCommand($"INSERT INTO {schema}.floor (execution_id, sequence, record) VALUES ($1, $2, $3)");
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "floor", NpgsqlDbType = NpgsqlDbType.Text });
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ++sequence, NpgsqlDbType = NpgsqlDbType.Bigint });
                    command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = stepBytes, NpgsqlDbType = NpgsqlDbType.Bytea });
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
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

            var sql = store.Statements.Append;
            var encodedRecords = stepCommit.Select(r => { var b = new ArrayBufferWriter<byte>(); HistoryCodec.Encode(r, b); return b.WrittenSpan.ToArray(); }).ToArray();
            var epoch = store.LeaseEpoch(executionId)!.Value;
            async Task Batch(NpgsqlDataSource source, bool reader)
            {
                for (var i = 0; i < Steps; i++)
                {
                    var sequences = new long[stepCommit.Count];
                    for (var j = 0; j < sequences.Length; j++) sequences[j] = ++sequence;
                    await using var batch = source.CreateBatch();
                    var command = new NpgsqlBatchCommand(sql);
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = executionId, NpgsqlDbType = NpgsqlDbType.Text });
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = epoch, NpgsqlDbType = NpgsqlDbType.Bigint });
                    command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = sequences, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                    command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = encodedRecords, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                    command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = 30, NpgsqlDbType = NpgsqlDbType.Double });
                    batch.BatchCommands.Add(command);
                    if (reader)
                    {
                        await using var r = await batch.ExecuteReaderAsync().ConfigureAwait(false);
                        await r.ReadAsync().ConfigureAwait(false);
                        _ = r.GetInt64(0);
                    }
                    else await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
            async Task Sql(string text, bool rows)
            {
                for (var i = 0; i < Steps; i++)
                {
                    var sequences = new long[rows ? stepCommit.Count : 1];
                    for (var j = 0; j < sequences.Length; j++) sequences[j] = ++sequence;
                    sequence += stepCommit.Count;
                    await using var command = floor.CreateCommand(text);
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = executionId, NpgsqlDbType = NpgsqlDbType.Text });
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = epoch, NpgsqlDbType = NpgsqlDbType.Bigint });
                    command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = sequences, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                    command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = rows ? encodedRecords : [stepBytes], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                    command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = 30, NpgsqlDbType = NpgsqlDbType.Double });
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
            var extra = Environment.GetEnvironmentVariable("PG_PAIRED_EXTRA") is { Length: > 0 } x ? x.Split(',') : [];
            var all = new List<(string Name, Func<Task> Run, List<double> Times)> { ("floor", Floor, []), ("store", Store, []), ("runner", Runner, []) };
            if (extra.Contains("sql")) all.Add(("sql", () => Sql(sql, rows: true), []));
            if (extra.Contains("share")) all.Add(("share", () => Sql($"""
                WITH lease AS (SELECT execution_id FROM {schema}.leases WHERE execution_id = $1 AND epoch = $2 AND expires_at > now() + make_interval(secs => $5 - $5) FOR SHARE),
                appended AS (INSERT INTO {schema}.history (execution_id, sequence, record) SELECT $1, r.sequence, r.record FROM lease, unnest($3::bigint[], $4::bytea[]) AS r(sequence, record) RETURNING 1)
                SELECT count(*) FROM appended
                """, rows: true), []));
            if (extra.Contains("nolease")) all.Add(("nolease", () => Sql($"INSERT INTO {schema}.history (execution_id, sequence, record) SELECT $1, r.sequence, r.record FROM unnest($3::bigint[], $4::bytea[]) AS r(sequence, record) WHERE $2 > 0 AND $5 > 0", rows: true), []));
            if (extra.Contains("onerow")) all.Add(("onerow", () => Sql(sql, rows: false), []));
            if (extra.Contains("batch")) all.Add(("batch", () => Batch(floor, reader: false), []));
            if (extra.Contains("batchr")) all.Add(("batchr", () => Batch(floor, reader: true), []));
            if (extra.Contains("storeds")) all.Add(("storeds", () => Batch(store.DataSource, reader: true), []));
            if (extra.Contains("encode")) all.Add(("encode", () => { for (var i = 0; i < Steps; i++) { var b = new ArrayBufferWriter<byte>(512); foreach (var r in stepCommit) { b.ResetWrittenCount(); HistoryCodec.Encode(r, b); _ = b.WrittenSpan.ToArray(); } } return Task.CompletedTask; }, []));
            var cases = all.ToArray();
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

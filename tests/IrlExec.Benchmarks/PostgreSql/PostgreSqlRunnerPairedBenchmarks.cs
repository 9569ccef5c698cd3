using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;
using IrlExec.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace IrlExec.Benchmarks.PostgreSql;

/// <summary>
/// The runner row of <see cref="PostgreSqlCommitBenchmarks"/> measured paired: every invocation runs both cases, the
/// floor (one committed <c>INSERT</c> of a step's history bytes, <see cref="Steps"/> times) and one run of
/// <see cref="Steps"/> typical steps on the PostgreSQL store, in turn (which goes first alternates). Why: the floor moves by
/// 15 % and more within a run of the separate rows, which BenchmarkDotNet measures minutes apart, each in a process of its
/// own; here both cases share every second. The Mean column is one floor <c>INSERT</c> plus one step. The cleanup prints
/// the ratio of the measured iterations (the last <see cref="MeasuredIterations"/>; leave the iteration count as it is).
/// Needs <c>IRLEXEC_TEST_POSTGRES</c> (see docs/performance.md).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Invocations)]
[WarmupCount(20)] // as PostgreSqlCommitBenchmarks
[IterationCount(MeasuredIterations)]
public class PostgreSqlRunnerPairedBenchmarks
{
    private const int Steps = 50;
    private const int Invocations = 4;
    private const int MeasuredIterations = 15;
    private readonly string _schema = BenchDatabase.NewSchema("paired");
    private PostgreSqlExecutionStore _store = null!;
    private NpgsqlDataSource _floor = null!;
    private WorkflowRunner _runner = null!;
    private WorkflowDefinition _workflow = null!;
    private byte[] _stepBytes = null!;
    private long _sequence;
    private long _invocations;
    private long _floorTicks;
    private long _runTicks;
    private readonly List<(long Floor, long Run)> _iterations = [];

    // Synchronous, so that --inProcess waits for it too.
    [GlobalSetup]
    public void Setup()
    {
        _store = BenchDatabase.Store(_schema);
        _runner = new WorkflowRunner(_store);
        _workflow = BenchWorkflows.Typical("pg-paired", Steps, static () => new TypicalStep());
        var result = _runner.RunAsync(_workflow, BenchWorkflows.Variables()).GetAwaiter().GetResult();
        var history = _store.ReadAsync(result.ExecutionId, default).AsTask().GetAwaiter().GetResult()!;
        // The floor inserts what the runner commits at the end of step 2: its log line, output variable and completion,
        // with step 3's start (as PostgreSqlCommitBenchmarks).
        var start = history.First(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 2);
        var commit = history.SkipWhile(r => r != start).Skip(1).TakeWhile(r => !(r.Kind == ExecutionEventKind.StepStarted && r.Step == 3)).ToList();
        commit.Add(history.First(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 3));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var record in commit) HistoryCodec.Encode(record, buffer);
        _stepBytes = buffer.WrittenSpan.ToArray();
        _floor = BenchDatabase.FloorDataSource();
        BenchDatabase.CreateFloorTableAsync(_floor, _schema).GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void BeginIteration() => _floorTicks = _runTicks = 0;

    [IterationCleanup]
    public void EndIteration() => _iterations.Add((_floorTicks, _runTicks));

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _floor.Dispose();
        BenchDatabase.DropAsync(_schema).GetAwaiter().GetResult();
        // The engine's last stage is the measured iterations: the warm-up (and any earlier stage) came before them.
        var measured = _iterations.TakeLast(MeasuredIterations).Where(i => i.Floor > 0 && i.Run > 0).ToList();
        if (measured.Count == 0) return;
        var ratios = measured.Select(i => (double)i.Run / i.Floor).Order().ToList();
        var floorPerStep = measured.Select(i => PerStep(i.Floor)).Order().ToList();
        var runPerStep = measured.Select(i => PerStep(i.Run)).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// paired, the last {measured.Count} of {_iterations.Count} iterations: run / floor median {Median(ratios):F3} (range {ratios[0]:F3} to {ratios[^1]:F3}), ratio of the sums {(double)measured.Sum(i => i.Run) / measured.Sum(i => i.Floor):F3}; per step, medians: floor {Median(floorPerStep):F1} us, run {Median(runPerStep):F1} us"));
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "paired: a floor INSERT and a step of a 50-step run, PostgreSQL store")]
    public void Paired()
    {
        if ((_invocations++ & 1) == 0)
        {
            InsertFloor();
            Run();
        }
        else
        {
            Run();
            InsertFloor();
        }
    }

    // Both cases are awaited as a whole, once (the run awaits its commits inside; so does this loop its INSERTs).
    private void InsertFloor()
    {
        var began = Stopwatch.GetTimestamp();
        InsertFloorAsync().GetAwaiter().GetResult();
        _floorTicks += Stopwatch.GetTimestamp() - began;
    }

    private async Task InsertFloorAsync()
    {
        for (var i = 0; i < Steps; i++)
        {
            await using var command = _floor.CreateCommand($"INSERT INTO {_schema}.floor (execution_id, sequence, record) VALUES ($1, $2, $3)");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "floor", NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ++_sequence, NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = _stepBytes, NpgsqlDbType = NpgsqlDbType.Bytea });
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private void Run()
    {
        var began = Stopwatch.GetTimestamp();
        var result = _runner.RunAsync(_workflow, BenchWorkflows.Variables()).GetAwaiter().GetResult();
        _runTicks += Stopwatch.GetTimestamp() - began;
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
    }

    private static double PerStep(long ticks) => ticks * 1e6 / Stopwatch.Frequency / ((double)Steps * Invocations);

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;
using IrlExec.PostgreSql;
using Npgsql;

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
    private readonly PairedIterations _paired = new(Steps, Invocations, MeasuredIterations);
    private PostgreSqlExecutionStore _store = null!;
    private NpgsqlDataSource _floor = null!;
    private WorkflowRunner _runner = null!;
    private WorkflowDefinition _workflow = null!;
    private byte[] _stepBytes = null!;
    private long _sequence;
    private Action _insertFloor = null!;
    private Action _run = null!;

    // Synchronous, so that --inProcess waits for it too.
    [GlobalSetup]
    public void Setup()
    {
        _store = BenchDatabase.Store(_schema);
        _runner = new WorkflowRunner(_store);
        _workflow = BenchWorkflows.Typical("pg-paired", Steps, static () => new TypicalStep());
        var result = _runner.RunAsync(_workflow, BenchWorkflows.Variables()).GetAwaiter().GetResult();
        var history = _store.ReadAsync(result.ExecutionId, default).AsTask().GetAwaiter().GetResult()!;
        _stepBytes = BenchDatabase.Encode(BenchDatabase.StepCommit(history));
        _floor = BenchDatabase.FloorDataSource();
        BenchDatabase.CreateFloorTableAsync(_floor, _schema).GetAwaiter().GetResult();
        _insertFloor = InsertFloor;
        _run = Run;
    }

    [IterationSetup]
    public void BeginIteration() => _paired.BeginIteration();

    [IterationCleanup]
    public void EndIteration() => _paired.EndIteration();

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _floor.Dispose();
        BenchDatabase.DropAsync(_schema).GetAwaiter().GetResult();
        _paired.Print();
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "paired: a floor INSERT and a step of a 50-step run, PostgreSQL store")]
    public void Paired() => _paired.Invoke(_insertFloor, _run);

    // Both cases are awaited as a whole, once (the run awaits its commits inside; so does this loop its INSERTs).
    private void InsertFloor() => InsertFloorAsync().GetAwaiter().GetResult();

    private async Task InsertFloorAsync()
    {
        for (var i = 0; i < Steps; i++) await BenchDatabase.InsertFloorAsync(_floor, _schema, ++_sequence, _stepBytes).ConfigureAwait(false);
    }

    private void Run()
    {
        var result = _runner.RunAsync(_workflow, BenchWorkflows.Variables()).GetAwaiter().GetResult();
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
    }
}

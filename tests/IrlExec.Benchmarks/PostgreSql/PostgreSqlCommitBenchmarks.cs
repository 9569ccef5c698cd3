using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;
using IrlExec.PostgreSql;
using Npgsql;

namespace IrlExec.Benchmarks.PostgreSql;

/// <summary>
/// The durable step commit on PostgreSQL vs its floor: one <c>INSERT</c> of the same bytes (the history records one
/// typical step writes: its start, log line, output variable and completion) in its own committed transaction, with
/// <c>synchronous_commit = on</c> (the server's default, which the floor's session leaves alone). The store's step
/// commit is one append under the execution's lease, as the runner makes it: the step's log line, output variable and
/// completion with the next step's start, with the lease check, the lease renewal and the flush. The runner case is a
/// whole run of <see cref="Steps"/> typical steps through <see cref="WorkflowRunner"/> on the store (no file views), per
/// step: its creation, first start and end are spread over the steps.
/// Needs <c>IRLEXEC_TEST_POSTGRES</c> (see docs/performance.md).
/// </summary>
[MemoryDiagnoser]
[WarmupCount(20)]
public class PostgreSqlCommitBenchmarks
{
    private const int Steps = 50;
    private readonly string _schema = BenchDatabase.NewSchema("commit");
    private PostgreSqlExecutionStore _store = null!;
    private NpgsqlDataSource _floor = null!;
    private WorkflowRunner _runner = null!;
    private WorkflowDefinition _workflow = null!;
    private IAsyncDisposable _lease = null!;
    private List<ExecutionEvent> _stepCommit = null!;
    private byte[] _stepBytes = null!;
    private long _sequence;
    private readonly string _executionId = "exec_bench_commit";

    [GlobalSetup]
    public async Task Setup()
    {
        _store = BenchDatabase.Store(_schema);
        _runner = new WorkflowRunner(_store);
        _workflow = BenchWorkflows.Typical("pg-commit", Steps, static () => new TypicalStep());
        var result = await _runner.RunAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        var history = (await _store.ReadAsync(result.ExecutionId, default).ConfigureAwait(false))!;
        _stepCommit = BenchDatabase.StepCommit(history);
        _stepBytes = BenchDatabase.Encode(_stepCommit);
        _floor = BenchDatabase.FloorDataSource();
        await BenchDatabase.CreateFloorTableAsync(_floor, _schema).ConfigureAwait(false);
        _lease = await _store.AcquireLeaseAsync(_executionId, default).ConfigureAwait(false);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _lease.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
        await _floor.DisposeAsync().ConfigureAwait(false);
        await BenchDatabase.DropAsync(_schema).ConfigureAwait(false);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "floor: INSERT of the step's bytes, own transaction, synchronous_commit on")]
    public async Task Floor()
    {
        for (var i = 0; i < Steps; i++) await BenchDatabase.InsertFloorAsync(_floor, _schema, ++_sequence, _stepBytes).ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "store: a step's commit under its lease (its completion with the next start, flushed)")]
    public async Task StepCommit()
    {
        for (var i = 0; i < Steps; i++)
        {
            foreach (var record in _stepCommit) record.Sequence = ++_sequence;
            await _store.AppendAsync(_executionId, _stepCommit, flushToDisk: true, default).ConfigureAwait(false);
        }
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "runner, EXECUTION, PostgreSQL store, no views: per step of a 50-step run")]
    public async Task Runner()
    {
        var result = await _runner.RunAsync(_workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
    }
}

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using IrlExec.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace IrlExec.Benchmarks.PostgreSql;

/// <summary>
/// Throughput of a fleet on PostgreSQL: <see cref="Concurrent"/> executions of a three-step workflow (steps that only
/// publish an output) queued at once and run to COMPLETED_SUCCESS by <see cref="Processes"/> worker processes (the fleet
/// test's worker, tests/IrlExec.PostgreSql.FleetWorker: a generic host with <c>AddIrlExec().UsePostgreSql()</c>, up to 64
/// executions each), through the queue: claims, leases, every history append, the releases. One operation is the whole
/// batch, from the first enqueue to the last completion (seen by polling the executions table every 5 ms). The baseline
/// is the floor at the same concurrency: <see cref="Concurrent"/> writers each committing three <c>INSERT</c>s of a
/// step's bytes, one after the other, each in its own transaction with <c>synchronous_commit = on</c>.
/// Needs <c>IRLEXEC_TEST_POSTGRES</c> (see docs/performance.md).
/// </summary>
[WarmupCount(3)]
public class PostgreSqlThroughputBenchmarks
{
    private const int Steps = 3;
    private readonly byte[] _stepBytes = new byte[600];
    private string _schema = "";
    private PostgreSqlExecutionStore _store = null!;
    private PostgreSqlWorkQueue _queue = null!;
    private NpgsqlDataSource _data = null!;
    private readonly List<Process> _workers = [];
    private long _batch;

    [Params(1, 4, 16, 64)]
    public int Concurrent { get; set; }

    [Params(1, 3)]
    public int Processes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _schema = BenchDatabase.NewSchema("fleet");
        _store = BenchDatabase.Store(_schema);
        await _store.EnsureSchemaAsync().ConfigureAwait(false);
        _queue = new PostgreSqlWorkQueue(_store);
        _data = BenchDatabase.FloorDataSource();
        await BenchDatabase.CreateFloorTableAsync(_data, _schema).ConfigureAwait(false);
        Random.Shared.NextBytes(_stepBytes);
        for (var i = 0; i < Processes; i++) _workers.Add(await StartWorkerAsync().ConfigureAwait(false));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        foreach (var worker in _workers)
        {
            worker.StandardInput.Close(); // the worker stops when its input closes
            if (!worker.WaitForExit(TimeSpan.FromSeconds(20))) worker.Kill();
            worker.Dispose();
        }
        await _store.DisposeAsync().ConfigureAwait(false);
        await _data.DisposeAsync().ConfigureAwait(false);
        await BenchDatabase.DropAsync(_schema).ConfigureAwait(false);
    }

    [Benchmark(Baseline = true, Description = "floor: Concurrent writers x 3 INSERTs, own transactions, synchronous_commit on")]
    public async Task Floor()
    {
        var batch = Interlocked.Increment(ref _batch);
        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async writer =>
        {
            for (var step = 1; step <= Steps; step++)
            {
                await using var command = _data.CreateCommand($"INSERT INTO {_schema}.floor (execution_id, sequence, record) VALUES ($1, $2, $3)");
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"floor_{batch}_{writer}", NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = step, NpgsqlDbType = NpgsqlDbType.Bigint });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = _stepBytes, NpgsqlDbType = NpgsqlDbType.Bytea });
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
    }

    [Benchmark(Description = "fleet: Concurrent executions x 3 steps, queued, run by the workers to completion")]
    public async Task Fleet()
    {
        var batch = Interlocked.Increment(ref _batch);
        var ids = Enumerable.Range(0, Concurrent).Select(i => $"exec_b{batch}_{i}").ToArray();
        await Task.WhenAll(ids.Select(id =>
        {
            var variables = new VariableStore();
            variables.Set("n", id);
            return _queue.EnqueueStartAsync("fleet", id, variables);
        })).ConfigureAwait(false);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var command = _data.CreateCommand($"SELECT count(*) FROM {_schema}.executions WHERE execution_id = ANY($1) AND status = 'COMPLETED_SUCCESS'");
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            if ((long)(await command.ExecuteScalarAsync().ConfigureAwait(false))! == ids.Length) return;
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"The fleet did not complete batch {batch} in 2 minutes.");
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    private async Task<Process> StartWorkerAsync()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { WorkerDll(), BenchDatabase.ConnectionString, _schema, "-", "30", "64", "0" }) info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync(); // keep draining: a full pipe would block the worker
                return process;
            }
        }
        throw new InvalidOperationException("The fleet worker exited before it was ready.");
    }

    // The fleet worker's build next to this repository's (the benchmark project references it, so it is built with it).
    private static string WorkerDll()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "IrlExec.sln"))) folder = folder.Parent;
        if (folder is null) throw new InvalidOperationException("The repository (IrlExec.sln) was not found above " + AppContext.BaseDirectory);
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var dll = Path.Combine(folder.FullName, "tests", "IrlExec.PostgreSql.FleetWorker", "bin", configuration, "net10.0", "IrlExec.PostgreSql.FleetWorker.dll");
            if (File.Exists(dll)) return dll;
        }
        throw new InvalidOperationException("Build tests/IrlExec.PostgreSql.FleetWorker first (dotnet build -c Release).");
    }
}

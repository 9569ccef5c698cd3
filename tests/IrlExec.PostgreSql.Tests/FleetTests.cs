using System.Diagnostics;
using IrlExec.Tests.Support;
using Npgsql;

namespace IrlExec.PostgreSql.Tests;

/// <summary>
/// Three real worker processes on one database run 200 executions of a workflow with side-effect steps; one worker is
/// SIGKILLed mid-step, another SIGSTOPped past its lease's expiry and then continued. Every execution completes, no
/// completed step runs again, the stopped worker's late commit is refused, and each interrupted step ran again at most
/// once per takeover.
/// </summary>
public sealed class FleetTests : StoreFixture
{
    private const int Executions = 200;
    private const double LeaseSeconds = 2;
    private readonly string _sideEffects = Path.Combine(Path.GetTempPath(), "irlexec-fleet-" + Guid.NewGuid().ToString("N")[..8] + ".log");
    private readonly List<FleetWorkerProcess> _workers = [];

    [SkippableFact]
    public async Task A_fleet_survives_a_killed_worker_and_fences_a_paused_one()
    {
        var store = Open();
        var queue = new PostgreSqlWorkQueue(store);
        for (var i = 0; i < Executions; i++)
        {
            var variables = new VariableStore();
            variables.Set("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await queue.EnqueueStartAsync("fleet", $"exec_fleet_{i:000}", variables);
        }
        for (var i = 0; i < 3; i++) _workers.Add(await FleetWorkerProcess.StartAsync(PostgresServer.Require(), Schema, _sideEffects, LeaseSeconds, 10));
        var (killed, stopped, survivor) = (_workers[0], _workers[1], _workers[2]);

        // Mid-run: every worker has steps in flight (10 executions each, 150 ms per step).
        await WaitUntilAsync(async () => await CompletedAsync() >= 30, TimeSpan.FromSeconds(120), "30 executions completed");
        await WaitUntilAsync(async () => await LeasesOfAsync(killed.Pid) > 0 && await LeasesOfAsync(stopped.Pid) > 0, TimeSpan.FromSeconds(120), "both workers to interrupt run executions");
        killed.Process.Kill();
        // Stopped while it runs an execution (not only holding claims of starts it has not begun: a start that another
        // worker begins meanwhile is given up without a write, so nothing of it would be refused). Once stopped, what it
        // holds cannot change: checked then, and stopped again a little later if it ran none.
        for (var attempt = 0; ; attempt++)
        {
            Signal("STOP", stopped.Pid);
            if (await RunningOfAsync(stopped.Pid) > 0) break;
            Assert.True(attempt < 50, "the worker to stop never held a running execution");
            Signal("CONT", stopped.Pid);
            await Task.Delay(50);
        }
        // Past its leases' expiry by the database's clock (a stopped process renews nothing), then continued.
        await WaitUntilAsync(async () => await LeasesOfAsync(stopped.Pid) == 0, TimeSpan.FromSeconds(120), "the stopped worker's leases to expire", DescribeAsync);
        Signal("CONT", stopped.Pid);

        await WaitUntilAsync(async () => await CompletedAsync() == Executions, TimeSpan.FromSeconds(240), $"all {Executions} executions completed", DescribeAsync);
        foreach (var worker in new[] { stopped, survivor }) await worker.StopAsync();

        // The stopped worker's late commits were refused: by the database (recorded) and as the worker saw it.
        var refused = await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.refused_appends WHERE owner = $1", stopped.Owner);
        Assert.True(refused > 0, "no commit of the stopped worker was refused");
        Assert.Contains("REFUSED exec_fleet_", stopped.Output);
        foreach (var said in new[] { "ERROR ", "stderr: " }) Assert.False((survivor.Output + stopped.Output).Contains(said, StringComparison.Ordinal), survivor.Output + stopped.Output);

        var effects = Directory.GetFiles(Path.GetDirectoryName(_sideEffects)!, Path.GetFileName(_sideEffects) + ".*").SelectMany(File.ReadAllLines).Select(l => l.Split(' ')).GroupBy(p => (p[0], int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToDictionary(g => g.Key, g => g.Count());
        var takenOver = 0;
        for (var i = 0; i < Executions; i++)
        {
            var id = $"exec_fleet_{i:000}";
            var history = (await store.ReadAsync(id, default))!; // decodes: checksums and sequence numbers without gaps
            Assert.Equal(ExecutionStatus.CompletedSuccess, ExecutionStateProjector.Replay(history).Status);
            var takeovers = history.Count(r => r.Kind == ExecutionEventKind.StatusChanged && r.Status == ExecutionStatus.Paused && r.Message!.StartsWith("interrupted", StringComparison.Ordinal));
            if (takeovers > 0) takenOver++;
            for (var step = 1; step <= 3; step++)
            {
                // No completed step ran again: one completion, and every other attempt was interrupted before completing.
                Assert.Equal(1, history.Count(r => r.Kind == ExecutionEventKind.StepCompleted && r.Step == step));
                var attempts = history.Count(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == step);
                var interrupted = history.Count(r => r.Kind == ExecutionEventKind.StepFailed && r.Step == step && r.Message!.StartsWith("interrupted", StringComparison.Ordinal));
                Assert.Equal(1 + interrupted, attempts);
                // The side effect ran once per attempt at most, and again at most once per takeover.
                var runs = effects.GetValueOrDefault((id, step));
                Assert.InRange(runs, 1, attempts);
                Assert.True(runs <= 1 + takeovers, $"{id} step {step}: side effect ran {runs} times with {takeovers} takeover(s)");
            }
        }
        Assert.True(takenOver > 0, "no execution was taken over");
    }

    private Task<long> CompletedAsync() =>
        PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.executions WHERE status = 'COMPLETED_SUCCESS'");

    // Executions begun and not finished whose live lease the worker holds: its next step commit is an append.
    private async Task<long> RunningOfAsync(int pid) =>
        await PostgresServer.ScalarAsync<long>($"""
            SELECT count(*) FROM {Schema}.leases l JOIN {Schema}.executions e ON e.execution_id = l.execution_id
            WHERE l.owner LIKE $1 AND l.expires_at > now() AND e.status IN ('IN_PROGRESS', 'RESUMED')
            """, $"%:{pid}:%");

    private async Task<long> LeasesOfAsync(int pid) =>
        await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.leases WHERE owner LIKE $1 AND expires_at > now()", $"%:{pid}:%");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline) Assert.Fail($"Timed out waiting for: {what}\n{(describe is null ? "" : await describe())}");
            await Task.Delay(200);
        }
    }

    // Where the executions stand, and what the workers said: for a failure message.
    private async Task<string> DescribeAsync()
    {
        var statuses = await PostgresServer.ScalarAsync<string>($"SELECT string_agg(status || ': ' || n, ', ') FROM (SELECT status, count(*) n FROM {Schema}.executions GROUP BY status) s");
        var queued = await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.queue");
        var leases = await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.leases WHERE expires_at > now()");
        return $"executions: {statuses}; queued: {queued}; live leases: {leases}\n" + string.Join("\n", _workers.Select(w => $"--- worker {w.Owner}\n{w.Output}"));
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", $"-{signal} {pid}")!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public override async Task DisposeAsync()
    {
        foreach (var worker in _workers) worker.Dispose();
        await base.DisposeAsync();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_sideEffects)!, Path.GetFileName(_sideEffects) + ".*")) File.Delete(file);
    }
}

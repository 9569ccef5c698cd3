using System.Diagnostics;
using System.Globalization;
using IrlExec.Tests.Support;

namespace IrlExec.PostgreSql.Tests;

/// <summary>
/// Real processes: a fleet of two worker processes (tests/IrlExec.PostgreSql.FleetWorker) on one database, restarted as a
/// supervisor would when they die, runs an execution whose step 2 kills the worker that runs it, every time. Each
/// takeover of its expired lease runs the step again and loses that worker, until the step has been interrupted once more
/// than its MaxRecoveryAttempts (default 3): the next worker to take it over fails the step instead of running it. The
/// execution then waits PAUSED with the reason, no worker dies any more, and the fleet runs other executions.
/// </summary>
public sealed class PoisonFleetTests : StoreFixture
{
    private const double LeaseSeconds = 1;
    private readonly string _sideEffects = Path.Combine(Path.GetTempPath(), "irlexec-poison-" + Guid.NewGuid().ToString("N")[..8] + ".log");
    private readonly List<FleetWorkerProcess> _workers = [];

    [SkippableFact]
    public async Task A_step_that_kills_every_worker_that_takes_it_over_fails_after_its_budget_and_the_fleet_stops_dying()
    {
        const string id = "exec_poison_1";
        var store = Open();
        var queue = new PostgreSqlWorkQueue(store);
        var variables = new VariableStore();
        variables.Set("n", "poison");
        await queue.EnqueueStartAsync("fleet", id, variables);
        for (var i = 0; i < 2; i++) _workers.Add(await FleetWorkerProcess.StartAsync(PostgresServer.Require(), Schema, _sideEffects, LeaseSeconds, 4, mayExitBeforeReady: true));

        // The supervisor: a worker that died is replaced, until the execution stops running.
        var dead = new List<FleetWorkerProcess>();
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (await StatusAsync(id) is not ("PAUSED" or "COMPLETED_FAILURE"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The poison execution never stopped being run; {dead.Count} workers died.\n{Describe()}");
            await ReplaceDeadAsync(dead);
            await Task.Delay(100);
        }

        // No worker dies after that, and none runs it: several lease durations and polls later both still run, and its
        // history has not grown.
        var recorded = (await store.ReadAsync(id, default))!.Count;
        await Task.Delay(TimeSpan.FromSeconds(LeaseSeconds * 4));
        await ReplaceDeadAsync(dead);
        Assert.True(dead.Count == 4, $"{dead.Count} workers died, not 4.\n{await DescribeAsync(store, id, dead)}");
        Assert.All(_workers.Except(dead), w => Assert.False(w.Process.HasExited, w.Output));

        var history = (await store.ReadAsync(id, default))!;
        var state = ExecutionStateProjector.Replay(history);
        Assert.Equal(ExecutionStatus.Paused, state.Status);
        Assert.Equal(StepStatus.Completed, state.FindStep(1)!.Status);
        Assert.Equal(StepStatus.Failed, state.FindStep(2)!.Status);
        Assert.StartsWith("step 2 (effect-2) failed: interrupted", state.StatusReason, StringComparison.Ordinal);
        Assert.Contains("4 interrupted attempts, more than MaxRecoveryAttempts = 3", state.StatusReason, StringComparison.Ordinal);
        Assert.Equal(4, history.Count(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 2));
        Assert.Equal(4, history.Count(r => r.Kind == ExecutionEventKind.StepFailed && r.Step == 2 && r.Message!.StartsWith("interrupted", StringComparison.Ordinal)));
        Assert.Equal(1, history.Count(r => r.Kind == ExecutionEventKind.StepCompleted && r.Step == 1));
        // Step 2's side effect ran once in each worker that died, and in no other.
        var effects = dead.Select(w => (w.Pid, Lines: EffectsOf(w.Pid))).ToList();
        Assert.All(effects, e => Assert.Equal(1, e.Lines.Count(l => l == (id, 2))));
        Assert.All(_workers.Except(dead), w => Assert.DoesNotContain((id, 2), EffectsOf(w.Pid)));
        Assert.Equal(recorded, history.Count);

        // The fleet still works: new executions complete, with no worker lost.
        for (var i = 0; i < 5; i++)
        {
            var healthy = new VariableStore();
            healthy.Set("n", i.ToString(CultureInfo.InvariantCulture));
            await queue.EnqueueStartAsync("fleet", $"exec_fleet_{i}", healthy);
        }
        deadline = DateTime.UtcNow.AddSeconds(120);
        while (await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {Schema}.executions WHERE status = 'COMPLETED_SUCCESS'") < 5)
        {
            Assert.True(DateTime.UtcNow < deadline, "The fleet did not complete the healthy executions.\n" + Describe());
            await Task.Delay(100);
        }
        Assert.All(_workers.Except(dead), w => Assert.False(w.Process.HasExited, w.Output));
        Assert.Equal("PAUSED", await StatusAsync(id));
    }

    private async Task ReplaceDeadAsync(List<FleetWorkerProcess> dead)
    {
        foreach (var worker in _workers.Except(dead).Where(w => w.Process.HasExited).ToList())
        {
            Assert.True(worker.Process.ExitCode == 137, $"A worker exited with {worker.Process.ExitCode}, not by the poison step's SIGKILL:\n{worker.Output}");
            dead.Add(worker);
            _workers.Add(await FleetWorkerProcess.StartAsync(PostgresServer.Require(), Schema, _sideEffects, LeaseSeconds, 4, mayExitBeforeReady: true));
        }
    }

    private Task<string> StatusAsync(string id) =>
        PostgresServer.ScalarAsync<string>($"SELECT coalesce((SELECT status FROM {Schema}.executions WHERE execution_id = $1), 'QUEUED')", id);

    private List<(string Id, int Order)> EffectsOf(int pid)
    {
        var file = $"{_sideEffects}.{pid}";
        if (!File.Exists(file)) return [];
        return File.ReadAllLines(file).Select(l => l.Split(' ')).Select(p => (p[0], int.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
    }

    // For a failure: the execution's history, and each worker's step side effects and output.
    private async Task<string> DescribeAsync(PostgreSqlExecutionStore store, string id, List<FleetWorkerProcess> dead)
    {
        var history = (await store.ReadAsync(id, default))!.Select(r => $"{r.Sequence} {r.Timestamp:HH:mm:ss.fff} {r.Kind} step {r.Step} attempt {r.Attempt} {r.Status} {r.Message}");
        var effects = _workers.Select(w => $"pid {w.Pid} ({(dead.Contains(w) ? "dead" : "alive")}): " + string.Join(" ", EffectsOf(w.Pid)));
        return string.Join("\n", history) + "\n" + string.Join("\n", effects) + "\n" + Describe();
    }

    private string Describe() => string.Join("\n", _workers.Select(w => $"--- worker {w.Owner} (exited: {w.Process.HasExited})\n{w.Output}"));

    public override async Task DisposeAsync()
    {
        foreach (var worker in _workers) worker.Dispose();
        await base.DisposeAsync();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_sideEffects)!, Path.GetFileName(_sideEffects) + ".*")) File.Delete(file);
    }
}

using BenchmarkDotNet.Attributes;
using Stateless;

namespace IrlExec.Benchmarks.Peers;

/// <summary>
/// One status transition, pause then resume (two transitions per operation): the check that a move is allowed and the
/// status write. The floor is a bool table indexed by the two statuses and a field write; IrlExec checks with
/// <see cref="StatusTransitions.CanTransition(ExecutionStatus, ExecutionStatus)"/>, the table the runtime and the analyzer
/// share; Stateless 5.20 fires triggers on a configured <see cref="StateMachine{TState, TTrigger}"/>.
/// </summary>
[MemoryDiagnoser]
public class StatusTransitionBenchmarks
{
    private static readonly bool[,] Allowed = BuildFloorTable();
    private ExecutionStatus _status = ExecutionStatus.InProgress;
    private StateMachine<ExecutionStatus, Trigger> _machine = null!;

    public enum Trigger { Pause, Resume }

    [GlobalSetup]
    public void Setup()
    {
        _machine = new StateMachine<ExecutionStatus, Trigger>(() => _status, s => _status = s);
        _machine.Configure(ExecutionStatus.InProgress).Permit(Trigger.Pause, ExecutionStatus.Paused);
        _machine.Configure(ExecutionStatus.Paused).Permit(Trigger.Resume, ExecutionStatus.Resumed);
        _machine.Configure(ExecutionStatus.Resumed).Permit(Trigger.Pause, ExecutionStatus.Paused);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 2, Description = "floor: bool table + field write")]
    public ExecutionStatus Floor()
    {
        Move(ExecutionStatus.Paused, Allowed[(int)_status, (int)ExecutionStatus.Paused]);
        Move(ExecutionStatus.Resumed, Allowed[(int)_status, (int)ExecutionStatus.Resumed]);
        return _status;
    }

    [Benchmark(OperationsPerInvoke = 2, Description = "IrlExec StatusTransitions.CanTransition + field write")]
    public ExecutionStatus IrlExec()
    {
        Move(ExecutionStatus.Paused, StatusTransitions.CanTransition(_status, ExecutionStatus.Paused));
        Move(ExecutionStatus.Resumed, StatusTransitions.CanTransition(_status, ExecutionStatus.Resumed));
        return _status;
    }

    [Benchmark(OperationsPerInvoke = 2, Description = "Stateless 5.20 Fire")]
    public ExecutionStatus Stateless()
    {
        _machine.Fire(Trigger.Pause);
        _machine.Fire(Trigger.Resume);
        return _status;
    }

    // The first operation starts from IN_PROGRESS, every later one from RESUMED: both allow the pause.
    private void Move(ExecutionStatus to, bool allowed)
    {
        if (!allowed) throw new InvalidOperationException($"{_status} → {to} refused.");
        _status = to;
    }

    private static bool[,] BuildFloorTable()
    {
        var values = Enum.GetValues<ExecutionStatus>();
        var table = new bool[values.Length, values.Length];
        foreach (var from in values)
        {
            foreach (var to in values) table[(int)from, (int)to] = StatusTransitions.CanTransition(from, to);
        }
        return table;
    }
}

using BenchmarkDotNet.Attributes;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models.LifeCycleEvents;

namespace IrlExec.Benchmarks.Peers;

/// <summary>
/// The in-memory step against real peers: a 100-step workflow, each step reading one int and writing it plus one,
/// run to completion, per step. IrlExec runs the generated <see cref="CountTo100Workflow"/> in EXECUTION mode with the
/// in-memory store (no views), the peers their own in-memory engines: Microsoft Agent Framework's in-process workflows,
/// Workflow Core (in-memory persistence, Action and expression mappings). Each run checks its result, so a peer that
/// stopped early could not look fast.
/// </summary>
[MemoryDiagnoser]
public class PeerStepBenchmarks
{
    private readonly WorkflowDefinition _irlExec = CountTo100Workflow.Definition;
    private readonly Workflow _agentFramework = PeerWorkflows.AgentFramework();
    private ServiceProvider _services = null!;
    private IWorkflowHost _workflowCore = null!;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _completions = new();

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorkflow();
        _services = services.BuildServiceProvider();
        _workflowCore = _services.GetRequiredService<IWorkflowHost>();
        _workflowCore.RegisterWorkflow<CountWithActions, CounterData>();
        _workflowCore.RegisterWorkflow<CountWithExpressions, CounterData>();
        _workflowCore.OnLifeCycleEvent += e =>
        {
            if (e is WorkflowCompleted && _completions.TryRemove(e.WorkflowInstanceId, out var done)) done.SetResult();
        };
        _workflowCore.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _workflowCore.Stop();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PeerWorkflows.Steps, Description = "IrlExec, generated, in-memory store")]
    public async Task IrlExec()
    {
        var result = await new WorkflowRunner(new InMemoryExecutionStore())
            .RunAsync(_irlExec, new CountTo100Workflow { Value = 0 }.ToVariables()).ConfigureAwait(false);
        if (!result.Succeeded || result.State.Variables.Find(v => v.Name == "value")?.Json != "100")
        {
            throw new InvalidOperationException("IrlExec did not count to 100: " + result.Status);
        }
    }

    [Benchmark(OperationsPerInvoke = PeerWorkflows.Steps, Description = "Microsoft Agent Framework 1.28, in-process")]
    public async Task AgentFramework()
    {
        await using var run = await InProcessExecution.RunAsync(_agentFramework, 0).ConfigureAwait(false);
        var output = 0;
        foreach (var e in run.NewEvents)
        {
            if (e is WorkflowOutputEvent o) output = o.As<int>();
        }
        if (output != PeerWorkflows.Steps) throw new InvalidOperationException("Agent Framework did not count to 100: " + output);
    }

    [Benchmark(OperationsPerInvoke = PeerWorkflows.Steps, Description = "Workflow Core 3.22, Action mappings")]
    public Task WorkflowCoreActions() => RunWorkflowCore("count-actions");

    [Benchmark(OperationsPerInvoke = PeerWorkflows.Steps, Description = "Workflow Core 3.22, expression mappings")]
    public Task WorkflowCoreExpressions() => RunWorkflowCore("count-expressions");

    private async Task RunWorkflowCore(string workflow)
    {
        var data = new CounterData();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = await _workflowCore.StartWorkflow(workflow, data).ConfigureAwait(false);
        _completions[id] = done;
        // The completion event may have fired before the id was registered: then the stored instance says so.
        while (!done.Task.IsCompleted)
        {
            var instance = await _workflowCore.PersistenceStore.GetWorkflowInstance(id).ConfigureAwait(false);
            if (instance.Status == WorkflowCore.Models.WorkflowStatus.Complete) break;
            await Task.WhenAny(done.Task, Task.Delay(1)).ConfigureAwait(false);
        }
        _completions.TryRemove(id, out _);
        if (data.Value != PeerWorkflows.Steps) throw new InvalidOperationException("Workflow Core did not count to 100: " + data.Value);
    }
}

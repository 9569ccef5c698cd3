using Microsoft.Agents.AI.Workflows;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using MafExecutor = Microsoft.Agents.AI.Workflows.Executor;

namespace IrlExec.Benchmarks.Peers;

/// <summary>
/// The peers' versions of <see cref="CountTo100Workflow"/>: <see cref="Steps"/> steps, each reading one int and
/// writing it plus one, in memory. Each peer is written the way its documentation writes a sequential workflow.
/// </summary>
public static class PeerWorkflows
{
    public const int Steps = 100;

    /// <summary>Microsoft Agent Framework: a chain of <c>Executor&lt;int, int&gt;</c>, the last one's output yielded.</summary>
    public static Workflow AgentFramework(int steps = Steps)
    {
        var executors = new MafExecutor[steps];
        for (var i = 0; i < steps; i++) executors[i] = new AddOneExecutor("add-" + (i + 1));
        var builder = new WorkflowBuilder(executors[0]);
        for (var i = 1; i < steps; i++) builder.AddEdge(executors[i - 1], executors[i]);
        return builder.WithOutputFrom(executors[^1]).Build();
    }

    private sealed class AddOneExecutor(string id) : Executor<int, int>(id)
    {
        public override ValueTask<int> HandleAsync(int message, IWorkflowContext context, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(message + 1);
    }
}

/// <summary>Workflow Core's data object: the one int the steps read and write.</summary>
public sealed class CounterData
{
    public int Value { get; set; }
}

/// <summary>Workflow Core's step: reads <see cref="Input"/>, sets <see cref="Output"/>.</summary>
public sealed class AddOneStepBody : StepBody
{
    public int Input { get; set; }

    public int Output { get; set; }

    public override WorkflowCore.Models.ExecutionResult Run(IStepExecutionContext context)
    {
        Output = Input + 1;
        return WorkflowCore.Models.ExecutionResult.Next();
    }
}

/// <summary>
/// Workflow Core, <see cref="PeerWorkflows.Steps"/> steps bound with Action mappings (<c>Input((step, data) =&gt; ...)</c>),
/// its fastest documented binding; expression mappings (<c>Input(step =&gt; step.Input, data =&gt; data.Value)</c>) are
/// <see cref="CountWithExpressions"/>.
/// </summary>
public sealed class CountWithActions : WorkflowCore.Interface.IWorkflow<CounterData>
{
    public string Id => "count-actions";

    public int Version => 1;

    public void Build(WorkflowCore.Interface.IWorkflowBuilder<CounterData> builder)
    {
        var step = builder.StartWith<AddOneStepBody>().Input((s, d) => s.Input = d.Value).Output((s, d) => d.Value = s.Output);
        for (var i = 1; i < PeerWorkflows.Steps; i++) step = step.Then<AddOneStepBody>().Input((s, d) => s.Input = d.Value).Output((s, d) => d.Value = s.Output);
    }
}

/// <summary>Workflow Core, the same steps bound with expression mappings.</summary>
public sealed class CountWithExpressions : WorkflowCore.Interface.IWorkflow<CounterData>
{
    public string Id => "count-expressions";

    public int Version => 1;

    public void Build(WorkflowCore.Interface.IWorkflowBuilder<CounterData> builder)
    {
        var step = builder.StartWith<AddOneStepBody>().Input(s => s.Input, d => d.Value).Output(d => d.Value, s => s.Output);
        for (var i = 1; i < PeerWorkflows.Steps; i++) step = step.Then<AddOneStepBody>().Input(s => s.Input, d => d.Value).Output(d => d.Value, s => s.Output);
    }
}

using BenchmarkDotNet.Attributes;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// Per-step cost in memory as an execution grows: a whole run of <see cref="Steps"/> steps with the in-memory store
/// (no views), each step reading one int and publishing one, per step. <see cref="NewVariableEachStep"/> publishes a
/// new variable at every step (<c>value_1</c>, <c>value_2</c>, ...) instead of replacing one: no per-step work may
/// grow with the number of variables or records so far, so both rows stay flat from 10 to 100,000 steps. The Mean is
/// per run: the per-step figure is Mean / Steps.
/// </summary>
[MemoryDiagnoser]
public class InMemoryGrowthBenchmarks
{
    private WorkflowDefinition _workflow = null!;

    [Params(10, 1_000, 100_000)]
    public int Steps { get; set; }

    [Params(false, true)]
    public bool NewVariableEachStep { get; set; }

    [GlobalSetup]
    public void Setup() => _workflow = Counter(Steps, NewVariableEachStep);

    [Benchmark(Description = "whole in-memory run, per step")]
    public async Task Run()
    {
        var variables = new VariableStore();
        variables.Set("value_0", 0, JsonTypes.Int32);
        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(_workflow, variables).ConfigureAwait(false);
        if (!result.Succeeded) throw new InvalidOperationException("The run did not complete: " + result.Status);
    }

    private static WorkflowDefinition Counter(int steps, bool newVariableEachStep)
    {
        string Name(int order) => newVariableEachStep ? "value_" + order : order == 0 ? "value_0" : "value";
        var plans = Enumerable.Range(1, steps).Select(order => new StepPlan
        {
            Order = order,
            Name = "add-" + order,
            Inputs = [new StepInputPlan { Name = "value", Reference = "{{" + (order == 1 ? "value_0" : Name(order - 1)) + "}}", TypeName = "int" }],
            Outputs = [new StepOutputPlan { Name = Name(order), TypeName = "int" }],
            SideEffects = "none",
        }).ToList();
        return new WorkflowDefinition(new WorkflowPlan { Name = "counter", Steps = plans }, plans.Select(plan =>
        {
            var input = plan.Inputs[0].Reference[2..^2];
            var output = plan.Outputs[0].Name;
            return StepDefinition.Create(plan, static () => new AddOne(),
                bindInputs: (step, variables) => step.Value = variables.Get(input, JsonTypes.Int32),
                publishOutputs: (step, outputs) => outputs.Set(output, step.Value + 1, JsonTypes.Int32));
        }).ToList());
    }

    private sealed class AddOne : IStep
    {
        public int Value { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

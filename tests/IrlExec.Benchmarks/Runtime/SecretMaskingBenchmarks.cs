using BenchmarkDotNet.Attributes;
using IrlExec.Benchmarks.Infrastructure;

namespace IrlExec.Benchmarks.Runtime;

/// <summary>
/// What masking secrets costs a step: an EXECUTION run of <see cref="Steps"/> steps with an in-memory store (no disk, no
/// views), per step, each step logging a line and publishing an int and a string with characters JSON escapes
/// (<c>&amp;</c>, <c>é</c>). The floor is the same run with no secret; the other cases give the execution one secret,
/// and 50 variables of which 5 are secrets: a step's masking work must follow the number of secrets, not of variables.
/// </summary>
[MemoryDiagnoser]
public class SecretMaskingBenchmarks
{
    private const int Steps = 100;
    private readonly WorkflowDefinition _workflow = Noting(Steps);

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "no secret")]
    public Task NoSecret() => Run(Variables(extra: 0, secrets: 0));

    [Benchmark(OperationsPerInvoke = Steps, Description = "one secret")]
    public Task OneSecret() => Run(Variables(extra: 0, secrets: 1));

    [Benchmark(OperationsPerInvoke = Steps, Description = "50 variables, 5 secrets")]
    public Task ManyVariables() => Run(Variables(extra: 50, secrets: 5));

    private async Task Run(VariableStore variables)
    {
        // A new store per run, so memory does not pile up (as StepOverheadBenchmarks).
        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(_workflow, variables).ConfigureAwait(false);
        if (result.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + result.Status);
    }

    private static VariableStore Variables(int extra, int secrets)
    {
        var variables = BenchWorkflows.Variables();
        for (var i = 0; i < extra; i++) variables.Set("extra_" + i, "value of extra variable " + i);
        for (var i = 0; i < secrets; i++) variables.Set("secret_" + i, $"p&ss<w>\"rd'+é-{i:D4}", isSecret: true);
        return variables;
    }

    // BenchWorkflows.Typical's steps, publishing a string too.
    private static WorkflowDefinition Noting(int steps)
    {
        var plans = Enumerable.Range(1, steps).Select(order => new StepPlan
        {
            Order = order,
            Name = "step-" + order,
            Component = "bench.step",
            Inputs = [new StepInputPlan { Name = "customer", Reference = "{{customer}}" }],
            Outputs = [new StepOutputPlan { Name = "step_result", TypeName = "int" }, new StepOutputPlan { Name = "note" }],
        }).ToList();
        var plan = new WorkflowPlan { Name = "masking", Goal = "Benchmark {{customer}}", Steps = plans };
        return new WorkflowDefinition(plan, plans.Select(p => StepDefinition.Create(p, static () => new NotingStep(),
            bindInputs: static (step, variables) => step.Customer = variables.GetString("customer"),
            publishOutputs: static (step, outputs) =>
            {
                outputs.Set("step_result", step.Result, JsonTypes.Int32);
                outputs.Set("note", step.Note);
            })).ToList());
    }

    private sealed class NotingStep : TypicalStep
    {
        public string Note { get; private set; } = "";

        public override ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Note = "priced & noted for " + Customer + " (café)";
            return base.ExecuteAsync(context, cancellationToken);
        }
    }
}

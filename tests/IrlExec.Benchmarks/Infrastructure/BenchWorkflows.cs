namespace IrlExec.Benchmarks.Infrastructure;

/// <summary>Hand-built workflow definitions of any length for the runtime benchmarks (what the generator would emit).</summary>
public static class BenchWorkflows
{
    /// <summary>
    /// A workflow of <paramref name="steps"/> identical steps that publish <c>step_result</c> (the same variable each
    /// time, as a loop-like workflow does) and write one log line; <paramref name="create"/> makes each attempt's step.
    /// With <paramref name="newVariableEachStep"/>, step N publishes <c>step_result_N</c> instead: a new variable at every
    /// step, so the variables grow with the run.
    /// </summary>
    public static WorkflowDefinition Typical(string name, int steps, Func<TypicalStep> create, bool newVariableEachStep = false)
    {
        string Output(int order) => newVariableEachStep ? "step_result_" + order : "step_result";
        var plans = Enumerable.Range(1, steps).Select(order => new StepPlan
        {
            Order = order,
            Name = "step-" + order,
            Component = "bench.step",
            ToolMapping = "Bash",
            Inputs = [new StepInputPlan { Name = "customer", Reference = "{{customer}}" }],
            Outputs = [new StepOutputPlan { Name = Output(order), TypeName = "int" }],
            EstimatedCost = 0.01m,
            EstimatedSeconds = 1,
            SideEffects = "none",
        }).ToList();
        var plan = new WorkflowPlan { Name = name, Goal = "Benchmark {{customer}}", Steps = plans };
        return new WorkflowDefinition(plan, plans.Select(p =>
        {
            var output = p.Outputs[0].Name;
            return StepDefinition.Create(p, create,
                bindInputs: static (step, variables) => step.Customer = variables.GetString("customer"),
                publishOutputs: (step, outputs) => outputs.Set(output, step.Result, JsonTypes.Int32));
        }).ToList());
    }

    public static VariableStore Variables()
    {
        var variables = new VariableStore();
        variables.Set("customer", "acme");
        return variables;
    }

    /// <summary>A workflow of <paramref name="steps"/> empty steps that implement <see cref="ISimulatedStep"/>.</summary>
    public static WorkflowDefinition Empty(int steps)
    {
        var plans = Enumerable.Range(1, steps).Select(order => new StepPlan { Order = order, Name = "empty-" + order, HasSimulation = true }).ToList();
        return new WorkflowDefinition(new WorkflowPlan { Name = "empty", Steps = plans },
            plans.Select(p => StepDefinition.Create(p, static () => new EmptyStep())).ToList());
    }

    public static string NewRoot(string purpose)
    {
        var root = Path.Combine(Path.GetTempPath(), "irlexec-bench", purpose + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        return root;
    }

    public static void DeleteRoot(string root)
    {
        // IRLEXEC_BENCH_KEEP_ROOTS=1 leaves the root in place (delete it later, outside a measurement). Deleting a root of
        // thousands of files makes every file creation on ext4 without a journal cost hundreds of microseconds for minutes
        // afterwards (its allocator skips the inodes deleted recently), in the next benchmark process too.
        if (Environment.GetEnvironmentVariable("IRLEXEC_BENCH_KEEP_ROOTS") == "1") return;
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind does not change any figure.
        }
    }
}

/// <summary>A step that does nothing in either mode.</summary>
public sealed class EmptyStep : IStep, ISimulatedStep
{
    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>A small, typical step: reads one input, writes one log line, publishes one output.</summary>
public class TypicalStep : IStep
{
    public string Customer { get; set; } = "";

    public int Result { get; set; }

    public virtual ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        Result = context.Step.Order;
        context.Log("priced order for " + Customer);
        return ValueTask.CompletedTask;
    }
}

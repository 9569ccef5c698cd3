using BenchmarkDotNet.Attributes;

namespace IrlExec.Benchmarks.Binding;

/// <summary>
/// Benchmark 3, binding: one attempt of <see cref="PricingWorkflow.PriceOrder"/> (create the step, bind five inputs,
/// run it, publish three outputs) through the generated <see cref="StepDefinition"/> vs through
/// <see cref="ReflectionBinder"/>. Both run the same step body in EXECUTION mode; the engine around them (records,
/// commits) is not part of either.
/// </summary>
[MemoryDiagnoser]
public class BindingBenchmarks
{
    private readonly ReflectionBinder _reflection = new(typeof(PricingWorkflow.PriceOrder));
    private readonly Dictionary<string, string> _jsonVariables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _jsonOutputs = new(StringComparer.Ordinal);
    private StepDefinition _generated = null!;
    private StepContext _context = null!;
    private StepOutputs _outputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        var definition = PricingWorkflow.Definition;
        _generated = definition.Steps[0];
        var session = new ExecutionSession(definition, new ExecutionState { ExecutionId = "exec_binding", Mode = ExecutionMode.Execution },
            new ExecutionState(), 0, new InMemoryExecutionStore(), [], waitForViews: false, TimeProvider.System);
        var input = new PricingWorkflow { Customer = "acme", Quantity = 42, Price = 9.5, Express = true, OrderId = 1_000_001 };
        foreach (var (name, slot) in input.ToVariables().Slots)
        {
            session.Variables.SetSlot(name, slot);
            _jsonVariables[name] = slot.ToJson();
        }
        _context = new StepContext(session, definition.Plan.Steps[0], attempt: 1);
        _outputs = new StepOutputs();

        // Both binders must agree on the result, or the comparison is meaningless.
        Generated().AsTask().GetAwaiter().GetResult();
        Reflection().AsTask().GetAwaiter().GetResult();
        foreach (var (name, slot) in _outputs.Staged)
        {
            if (_jsonOutputs[name] != slot.ToJson()) throw new InvalidOperationException($"Output '{name}': generated {slot.ToJson()} vs reflection {_jsonOutputs[name]}.");
        }
    }

    [Benchmark(Description = "generated binding")]
    public ValueTask Generated()
    {
        _outputs.Clear();
        return _generated.InvokeAsync(_context, _outputs, CancellationToken.None);
    }

    [Benchmark(Baseline = true, Description = "reflection binder (PropertyInfo + JsonSerializer)")]
    public ValueTask Reflection() => _reflection.InvokeAsync(_jsonVariables, _jsonOutputs, _context, CancellationToken.None);
}

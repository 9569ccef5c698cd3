namespace IrlExec.Generators.Tests.Binding;

/// <summary>What the [Service] properties of <see cref="ServiceBound"/> resolve.</summary>
public interface IGreeter
{
    string Greet(string name);
}

/// <summary>An optional service: the steps do without it.</summary>
public interface IAuditTrail
{
    void Add(string entry);
}

/// <summary>[Service] properties on generated steps: required, optional (nullable), init-only, in every simulation shape.</summary>
[Workflow("service-bound")]
public partial class ServiceBound
{
    [Variable] public required string Name { get; init; }

    /// <summary>Resolves a required and an optional service; declares no simulation, so SIMULATION does not call it.</summary>
    [Step(1)]
    public partial class Greet : IStep
    {
        [Input] public string Name { get; set; } = "";
        [Service] public IGreeter Greeter { get; init; } = null!;
        [Service] public IAuditTrail? Audit { get; set; }
        [Output] public string Greeting { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Greeting = Greeter.Greet(Name);
            Audit?.Add(Greeting);
            return default;
        }
    }

    /// <summary>Simulated by its own method: its service is resolved in SIMULATION too.</summary>
    [Step(2, SideEffects = "records the greeting")]
    public partial class Record : IStep, ISimulatedStep
    {
        [Input] public string Greeting { get; set; } = "";
        [Service] public IGreeter Greeter { get; set; } = null!;
        [Output] public string Recorded { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Recorded = "recorded " + Greeting;
            return default;
        }

        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Recorded = "would record for " + Greeter.Greet("simulation");
            return default;
        }
    }
}

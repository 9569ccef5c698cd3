namespace IrlExec.Benchmarks.Binding;

/// <summary>
/// The workflow of the binding benchmark, run through the real source generator (this project references it as an
/// analyzer): one step with five inputs (a string and four value types) and three outputs (two value types, a string).
/// </summary>
[Workflow("pricing")]
public partial class PricingWorkflow
{
    [Variable] public required string Customer { get; init; }
    [Variable] public int Quantity { get; init; }
    [Variable] public double Price { get; init; }
    [Variable] public bool Express { get; init; }
    [Variable] public long OrderId { get; init; }

    [Step(1, Component = "orders.price", SideEffects = "none")]
    public sealed partial class PriceOrder : IStep
    {
        [Input] public string Customer { get; set; } = "";
        [Input] public int Quantity { get; set; }
        [Input] public double Price { get; set; }
        [Input] public bool Express { get; set; }
        [Input] public long OrderId { get; set; }

        [Output] public double Total { get; set; }
        [Output] public int Parcels { get; set; }
        [Output] public string Label { get; set; } = "";

        // Allocates nothing itself, so the allocations measured are the binding's.
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Total = Quantity * Price + (Express ? 5 : 0) + OrderId % 7;
            Parcels = Quantity / 10 + 1;
            Label = Customer;
            return ValueTask.CompletedTask;
        }
    }
}

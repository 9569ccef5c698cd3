namespace Corpus.Inventory;

[Workflow("reorder", Goal = "Reorder {{sku}} from {{{|IRL0028:supplier|}}}")]
public partial class Reorder
{
    [Variable] public required string Sku { get; init; }

    [Step(1)]
    public partial class FindSupplier : IStep
    {
        [Input] public string Sku { get; set; } = "";
        [Output] public string Supplier { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Step(2)]
    public partial class PlaceOrder : IStep
    {
        [Input] public string Supplier { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

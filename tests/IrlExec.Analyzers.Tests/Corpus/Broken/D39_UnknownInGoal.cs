namespace Corpus.Inventory;

[Workflow("inventory-sync", Goal = "Sync {{{|IRL0005:warehose|}}}")]
public partial class InventorySync
{
    [Variable] public required string Warehouse { get; init; }

    [Step(1)]
    public partial class Sync : IStep
    {
        [Input] public string Warehouse { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

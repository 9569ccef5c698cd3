using System.Text.Json.Serialization;

namespace Corpus.Inventory;

public sealed record Sku(string Code, int Quantity);

[JsonSerializable(typeof(List<Sku>))]
internal partial class WarehouseJson : JsonSerializerContext;

[Workflow("warehouse", JsonContext = typeof(WarehouseJson))]
public partial class Warehouse
{
    [Step(1)]
    public partial class Scan : IStep
    {
        [Output] public List<Sku> Skus { get; set; } = [];
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Step(2)]
    public partial class Reserve : IStep
    {
        [Output] public {|IRL0027:Sku[]|} Reserved { get; set; } = [];
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

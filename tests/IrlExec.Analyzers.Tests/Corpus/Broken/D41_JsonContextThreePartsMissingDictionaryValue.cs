using System.Text.Json.Serialization;

namespace Corpus.Warehouse;

public sealed record Bin(string Code, int Capacity);
public sealed record Pallet(string Id, Bin Location);
public sealed record Audit(string By, DateTimeOffset At);

// The context is split over three parts; none of them registers the map of audits.
[JsonSerializable(typeof(Bin))]
public partial class WarehouseJson : JsonSerializerContext;

[JsonSerializable(typeof(List<Pallet>))]
public partial class WarehouseJson;

[JsonSerializable(typeof(Audit))]
public partial class WarehouseJson;

[Workflow("restock", JsonContext = typeof(WarehouseJson))]
public partial class Restock
{
    [Step(1)]
    public partial class Count : IStep
    {
        [Output] public List<Pallet> Pallets { get; set; } = [];
        [Output] public {|IRL0027:Dictionary<string, Audit>|} AuditsByBin { get; set; } = [];
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

using System.Text.Json.Serialization;

namespace Corpus.Inventory;

public sealed record Shipment(string Id, Address To);
public sealed record Address(string Street, string City);
public sealed record Invoice(string Number, decimal Total);

[JsonSerializable(typeof(Shipment))]
internal partial class LogisticsJson : JsonSerializerContext;

[JsonSerializable(typeof(List<Shipment>))]
internal partial class LogisticsJson;

[Workflow("logistics", JsonContext = typeof(LogisticsJson))]
public partial class Logistics
{
    [Step(1)]
    public partial class Plan2 : IStep
    {
        [Output] public List<Shipment> Shipments { get; set; } = [];
        [Output] public Address? Depot { get; set; }
        [Output] public {|IRL0027:Invoice|} Invoice { get; set; } = new("", 0);
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

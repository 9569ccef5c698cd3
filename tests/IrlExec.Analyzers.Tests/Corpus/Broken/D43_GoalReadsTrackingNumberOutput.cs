namespace Corpus.Shipping;

// The goal is rendered when the execution starts: the tracking number does not exist yet.
[Workflow("ship-order", Goal = "Ship order {{order_id}}, tracked as {{{|IRL0028:tracking_number|}}}")]
public partial class ShipOrder
{
    [Variable] public required string OrderId { get; init; }

    [Step(1)]
    public partial class Book : IStep
    {
        [Input] public string OrderId { get; set; } = "";
        [Output] public string TrackingNumber { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            TrackingNumber = "TRK-" + OrderId;
            return ValueTask.CompletedTask;
        }
    }
}

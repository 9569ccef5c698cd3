using System.Text.Json.Serialization;

namespace Corpus.Billing;

public sealed record Charge(string Customer, decimal Amount);
public sealed record Refund(string ChargeId, decimal Amount, string Reason);

[JsonSerializable(typeof(Charge))]
internal partial class BillingJson : JsonSerializerContext;

[Workflow("refunds", JsonContext = typeof(BillingJson))]
public partial class Refunds
{
    // The request is given when the run starts: a workflow variable whose type the context does not know either.
    [Variable("refund_request")] public {|IRL0027:Refund?|} RefundRequest { get; init; }

    [Step(1)]
    public partial class Find : IStep
    {
        [Output] public Charge? Charge { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Step(2)]
    public partial class Issue : IStep
    {
        [Input] public Charge? Charge { get; set; }
        [Input("refund_request")] public {|IRL0027:Refund?|} Request { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

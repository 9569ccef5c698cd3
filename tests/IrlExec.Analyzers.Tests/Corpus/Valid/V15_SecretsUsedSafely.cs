using System.Text;

namespace Corpus.Valid;

[Workflow("payment-gateway")]
public partial class PaymentGateway
{
    [Variable("api_key"), Secret] public string ApiKey { get; init; } = "";
    [Variable] public required string Merchant { get; init; }

    [Step(1)]
    public partial class Charge : IStep
    {
        [Input("api_key"), Secret] public string ApiKey { get; set; } = "";
        [Input] public string Merchant { get; set; } = "";
        [Output, Secret] public string Authorization { get; set; } = "";
        [Output] public string Receipt { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Authorization = string.Concat("Bearer ", ApiKey);
            var request = new StringBuilder();
            request.Append("POST /charge for ").Append(Merchant);
            context.RecordToolCall("http", request.ToString());
            context.Log(string.Format("key of {0} characters, set: {1}", ApiKey.Length, ApiKey.Length > 0));
            Receipt = $"receipt for {Merchant} ({ApiKey.GetHashCode():x})";
            return ValueTask.CompletedTask;
        }
    }
}

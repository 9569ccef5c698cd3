using System.Text;

namespace Corpus.Onboarding;

[Workflow("webhook")]
public partial class Webhook
{
    [Variable("signing_key"), Secret] public string SigningKey { get; init; } = "";

    [Step(1)]
    public partial class Sign : IStep
    {
        [Input("signing_key"), Secret] public string Key { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var request = new StringBuilder();
            request.AppendLine("POST /hook");
            request.Append("X-Signature: ").AppendLine(Key);
            context.RecordMessage("tool", {|IRL0017:request|}.ToString());
            return ValueTask.CompletedTask;
        }
    }
}

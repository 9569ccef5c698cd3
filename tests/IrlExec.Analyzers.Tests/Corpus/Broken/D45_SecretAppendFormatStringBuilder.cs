using System.Text;

namespace Corpus.Integrations;

[Workflow("webhook-register")]
public partial class WebhookRegister
{
    [Variable("webhook_secret"), Secret] public string WebhookSecret { get; init; } = "";

    [Step(1)]
    public partial class Register : IStep
    {
        [Input("webhook_secret"), Secret] public string Secret { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var body = new StringBuilder();
            body.AppendFormat("{{\"url\":\"{0}\",\"secret\":\"{1}\"}}", "https://hooks.example", Secret);
            context.Log({|IRL0017:body|}.ToString());
            return ValueTask.CompletedTask;
        }
    }
}

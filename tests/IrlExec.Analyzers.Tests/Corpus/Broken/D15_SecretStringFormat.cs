namespace Corpus.Onboarding;

[Workflow("welcome-email")]
public partial class WelcomeEmail
{
    [Variable("smtp_password"), Secret] public string SmtpPassword { get; init; } = "";

    [Step(1)]
    public partial class SendWelcome : IStep
    {
        [Input("smtp_password"), Secret] public string Password { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.RecordToolCall("smtp", string.Format("AUTH PLAIN {0}", {|IRL0017:Password|}));
            return ValueTask.CompletedTask;
        }
    }
}

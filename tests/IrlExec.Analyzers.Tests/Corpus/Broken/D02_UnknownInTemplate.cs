namespace Corpus.Onboarding;

[Workflow("welcome-mail")]
public partial class WelcomeMail
{
    [Variable] public required string Email { get; init; }

    [Step(1)]
    public partial class Send : IStep
    {
        [Input(Template = "Welcome, {{{|IRL0005:emial|}}}!")] public string Body { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.Log(Body);
            return ValueTask.CompletedTask;
        }
    }
}

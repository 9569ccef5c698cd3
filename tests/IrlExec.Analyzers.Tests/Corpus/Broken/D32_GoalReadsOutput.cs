namespace Corpus.Onboarding;

[Workflow("account-setup", Goal = "Set up account {{{|IRL0028:account_id|}}} for {{customer}}")]
public partial class AccountSetup
{
    [Variable] public required string Customer { get; init; }

    [Step(1)]
    public partial class Create : IStep
    {
        [Input] public string Customer { get; set; } = "";
        [Output] public string AccountId { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

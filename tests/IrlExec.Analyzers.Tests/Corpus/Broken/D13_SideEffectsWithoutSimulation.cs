namespace Corpus.Onboarding;

[Workflow("account-closure")]
public partial class AccountClosure
{
    [Step(1, SideEffects = {|IRL0016:"deletes the customer's account"|})]
    public partial class Delete : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

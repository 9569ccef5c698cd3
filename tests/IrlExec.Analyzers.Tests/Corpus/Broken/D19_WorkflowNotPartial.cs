namespace Corpus.Onboarding;

[Workflow("kyc")]
public class {|IRL0018:KnowYourCustomer|}
{
    [Step(1)]
    public partial class Verify : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

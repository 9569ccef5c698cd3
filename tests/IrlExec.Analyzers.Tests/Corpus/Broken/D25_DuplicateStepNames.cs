namespace Corpus.Onboarding;

[Workflow("two-reviews")]
public partial class TwoReviews
{
    [Step(1, Name = "review")]
    public partial class Legal : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Step(2, Name = {|IRL0024:"review"|})]
    public partial class Finance : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

namespace Corpus.Onboarding;

[Workflow("subscription", Goal = "Subscribe {{customer}} to {{plan}}")]
public partial class Subscription
{
    [Variable] public required string Customer { get; init; }
    [Variable] public required string {|IRL0026:Plan|} { get; init; }

    [Step(1)]
    public partial class Subscribe : IStep
    {
        [Input] public string Plan { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

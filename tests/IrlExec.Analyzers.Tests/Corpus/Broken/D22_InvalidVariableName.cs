namespace Corpus.Onboarding;

[Workflow("segmentation")]
public partial class Segmentation
{
    [Step(1)]
    public partial class Classify : IStep
    {
        [Output("{|IRL0021:Segment-Name|}")] public string Segment { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

namespace Corpus.Onboarding;

[Workflow("scoring")]
public partial class Scoring
{
    [Variable] public required string Applicant { get; init; }

    [Step(1)]
    public partial class Score : IStep
    {
        [Input] public string {|IRL0023:Applicant|} { get; private set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

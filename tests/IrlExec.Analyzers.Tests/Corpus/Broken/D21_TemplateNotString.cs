namespace Corpus.Onboarding;

[Workflow("retention")]
public partial class Retention
{
    [Variable] public required string Days { get; init; }

    [Step(1)]
    public partial class Purge : IStep
    {
        [Input(Template = "{{days}}")] public {|IRL0020:int|} Days { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

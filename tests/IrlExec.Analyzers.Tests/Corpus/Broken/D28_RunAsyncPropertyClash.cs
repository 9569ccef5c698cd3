namespace Corpus.Onboarding;

[Workflow("batch-run")]
public partial class BatchRun
{
    public static bool {|IRL0026:RunAsync|} { get; set; }

    [Step(1)]
    public partial class Go : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
